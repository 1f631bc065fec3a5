import path from 'node:path';
import type { NewEvent } from '../../audit/index.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import type { LoadedPlan } from '../../tenancy/index.ts';
import type { DatasetOutcome } from './datasets-step.ts';
import type { ProjectLedger } from './project-ledger.ts';
import type { Waiver } from '../../policies/index.ts';
import type { TenantSynthOutcome } from './synthesize-tenants.ts';

/**
 * The ledger events of the pipeline commands (synth, check, data, up), shaped as
 * audit/EVENT-DETAILS.md says, so the evidence report can read them back.
 */

export function admittedEvent(pl: ProjectLedger, plan: LoadedPlan): NewEvent {
  const { tenant } = plan;
  return pl.event(tenant.id, 'tenant.admitted', {
    objects: [{ kind: 'plan', id: tenant.id, sha256: plan.sha256 }],
    authorisation: { plan: tenant.id },
    details: {
      profile: tenant.profile,
      riskClass: tenant.riskClass,
      periodStart: tenant.period.start,
      periodEnd: tenant.period.end,
      planFile: path.relative(PROJECT_ROOT, plan.file).startsWith('..') ? plan.file : path.relative(PROJECT_ROOT, plan.file),
    },
  });
}

/** The environment a synth ran in: what a rebuild must match for the fingerprint to match. */
function environment(): Record<string, string> {
  return { node: process.version, platform: `${process.platform}-${process.arch}` };
}

function synthesizedEvent(pl: ProjectLedger, plan: LoadedPlan, outcome: TenantSynthOutcome): NewEvent {
  const fingerprint = outcome.fingerprint!;
  return pl.event(plan.tenant.id, 'tenant.synthesized', {
    objects: Object.entries(fingerprint.files).map(([id, sha256]) => ({ kind: 'artifact', id, sha256 })),
    authorisation: { plan: plan.tenant.id },
    details: {
      fingerprint: fingerprint.fingerprint,
      planSha256: plan.sha256,
      engines: Object.keys(outcome.resources).join(','),
      resources: Object.entries(outcome.resources).map(([e, n]) => `${e}=${n}`).join(','),
      environment: environment(),
    },
  });
}

/** What a guardrail check found for one tenant: the counts the ledger keeps. */
export interface CheckCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  readonly waived: number;
  /** The waivers that kept a finding from failing, as `<rule> <resource> …` lines. */
  readonly waiversUsed: readonly string[];
}

/** `tenant.checked`, from `synth`/`up` (objects: the environment) or `check` (objects: the files). */
export function checkedEvent(pl: ProjectLedger, tenantId: string, counts: CheckCounts, objects: NonNullable<NewEvent['objects']>): NewEvent {
  return pl.event(tenantId, 'tenant.checked', {
    outcome: counts.errors > 0 ? 'failure' : 'success',
    objects: [...objects],
    authorisation: { plan: tenantId },
    details: { errors: counts.errors, warnings: counts.warnings, notes: counts.notes, waived: counts.waived, waivers: counts.waiversUsed.join(',') },
  });
}

export function datasetGeneratedEvent(pl: ProjectLedger, outcome: DatasetOutcome): NewEvent {
  return pl.event(outcome.tenantId, 'dataset.generated', {
    objects: [{ kind: 'dataset', id: `${outcome.profile}@${outcome.seed}`, sha256: outcome.manifestSha256!, classification: outcome.classification }],
    authorisation: { plan: outcome.tenantId },
    ai: { datasetSha256: outcome.manifestSha256! },
    details: {
      profile: outcome.profile,
      patients: outcome.patients,
      seed: outcome.seed,
      resources: outcome.resources,
      generatorVersion: outcome.generatorVersion ?? 'unknown',
    },
  });
}

/** Events for one tenant's synth outcome: nothing when it was unchanged (nothing happened). */
export function synthOutcomeEvents(pl: ProjectLedger, plan: LoadedPlan, outcome: TenantSynthOutcome): NewEvent[] {
  if (outcome.state === 'unchanged') return [];
  const events: NewEvent[] = [];
  if (outcome.state === 'synthesized') events.push(synthesizedEvent(pl, plan, outcome));
  if (outcome.check) {
    const objects = outcome.fingerprint ? [{ kind: 'environment', id: plan.tenant.id, sha256: outcome.fingerprint.fingerprint }] : [];
    events.push(checkedEvent(pl, plan.tenant.id, outcome.check, objects));
  }
  return events;
}

/** A waiver is recorded once when it first appears (granted) and once when it has run out (expired). */
function waiverKey(type: 'waiver.granted' | 'waiver.expired', w: { rule: string; resource: string; expires: string }): string {
  return `${type}|${w.rule}|${w.resource}|${w.expires}`;
}

function waiverEvents(plan: LoadedPlan, waivers: readonly Waiver[], today: string, recorded: ReadonlySet<string>): NewEvent[] {
  const events: NewEvent[] = [];
  for (const waiver of waivers.filter((w) => w.tenant === plan.tenant.id)) {
    // It stops applying the day after its expiry date.
    const types = waiver.expires < today ? (['waiver.granted', 'waiver.expired'] as const) : (['waiver.granted'] as const);
    for (const type of types) {
      if (recorded.has(waiverKey(type, waiver))) continue;
      events.push({
        tenant: plan.tenant.id,
        type,
        outcome: 'success',
        // The approver took the decision; the CLI found it in the reviewed waivers file.
        actor: { id: waiver.approver, accessPoint: 'sandbox-templates/waivers.yaml' },
        objects: [{ kind: 'resource', id: waiver.resource }],
        authorisation: { plan: plan.tenant.id },
        details: { rule: waiver.rule, reason: waiver.reason, expires: waiver.expires },
      });
    }
  }
  return events;
}
/** The waiver events already in the ledger for a tenant, as keys. */
async function recordedWaivers(pl: ProjectLedger, tenantId: string): Promise<Set<string>> {
  const { existsSync } = await import('node:fs');
  if (!existsSync(pl.dir)) return new Set();
  const { queryEvents } = await import('../../audit/index.ts');
  const keys = new Set<string>();
  for (const type of ['waiver.granted', 'waiver.expired'] as const) {
    const { events } = await queryEvents(pl.dir, { tenant: tenantId, type, limit: Infinity });
    for (const e of events) {
      const d = e.details as Record<string, string>;
      keys.add(waiverKey(type, { rule: d.rule ?? '', resource: e.objects?.[0]?.id ?? '', expires: d.expires ?? '' }));
    }
  }
  return keys;
}

/** The waiver events a tenant still lacks, from the waivers file as it is now. */
export async function pendingWaiverEvents(pl: ProjectLedger, plan: LoadedPlan, waivers: readonly Waiver[], today: string): Promise<NewEvent[]> {
  if (!waivers.some((w) => w.tenant === plan.tenant.id)) return [];
  return waiverEvents(plan, waivers, today, await recordedWaivers(pl, plan.tenant.id));
}
