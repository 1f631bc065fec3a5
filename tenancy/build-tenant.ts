import type { SandboxPlan } from './plan-schema.ts';
import type { SandboxProfile } from './profile-schema.ts';
import { resolveRetention } from './retention.ts';
import type { TemplateCatalog } from './template-catalog.ts';
import type { DatasetRequest, Tenant } from './tenant.ts';

/**
 * Merges a valid plan with its profile into the immutable Tenant. Only called after every rule
 * passed, so lookups here cannot miss.
 */
export function buildTenant(plan: SandboxPlan, catalog: TemplateCatalog): Tenant {
  const profile = catalog.profiles.get(plan.spec.profile) as SandboxProfile;
  const requested: NonNullable<SandboxPlan['spec']['datasets']> = plan.spec.datasets ?? profile.spec.datasets.defaults;
  const datasets: DatasetRequest[] = requested.map((d) => {
    const header = catalog.datasetProfiles.get(d.profile)!;
    const classification = d.classification ?? header.spec.classification;
    const justification = d.justification;
    return {
      profile: d.profile,
      patients: d.patients,
      seed: d.seed,
      careSetting: header.spec.careSetting,
      classification,
      ...(justification ? { justification } : {}),
    };
  });
  const compute = { ...profile.spec.compute.defaults, ...definedOnly(plan.spec.compute ?? {}) };
  const tenant: Tenant = {
    id: plan.metadata.id,
    participant: plan.metadata.participant,
    profile: plan.spec.profile,
    purpose: plan.spec.purpose,
    publicInterest: plan.spec.publicInterest,
    riskClass: plan.spec.riskClass,
    medicalDeviceClass: plan.spec.medicalDeviceClass,
    region: plan.spec.region,
    period: { start: plan.spec.period.start, end: plan.spec.period.end },
    people: plan.spec.people.map((p) => ({ id: p.id, name: p.name, role: p.role, email: p.email })),
    datasets,
    compute,
    status: plan.spec.status,
    instanceFamilies: [...profile.spec.instanceFamilies],
    allowedRegistries: [...profile.spec.allowedRegistries],
    retention: resolveRetention(plan.spec.period, datasets.map((d) => d.careSetting), profile),
    tags: tenantTags(plan),
  };
  return deepFreeze(tenant);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** AWS tag values allow letters, digits, spaces and `_ . : / = + - @`; anything else becomes `-`. */
function tagValue(value: string): string {
  return value.replace(/[^\p{L}\p{N} _.:/=+\-@]/gu, '-').slice(0, 256);
}

function tenantTags(plan: SandboxPlan): Record<string, string> {
  return {
    'sandbox:tenant': plan.metadata.id,
    'sandbox:participant': tagValue(plan.metadata.participant),
    'sandbox:period-end': plan.spec.period.end,
    'sandbox:risk-class': plan.spec.riskClass,
    'sandbox:managed-by': 'eu-ai-sandbox',
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
