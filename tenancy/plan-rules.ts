import { addMonths } from './iso-date.ts';
import { pathsOverlap, type PathSegment } from './plan-issue.ts';
import type { SandboxPlan } from './plan-schema.ts';
import type { TemplateCatalog } from './template-catalog.ts';
import type { Compute } from './tenant.ts';

/**
 * The semantic rules of a plan: cross-field and cross-file. Each returns its problems as values, so
 * a plan with five problems shows all five at once, and each names the fields it reads, so that on
 * a plan whose shape is partly wrong the rules that can still judge it run, and the others keep
 * quiet instead of repeating the shape problem in other words ("profile \"undefined\"").
 */
export interface RuleViolation {
  readonly path: readonly PathSegment[];
  readonly rule: string;
  readonly message: string;
}

export interface RuleContext {
  readonly plan: SandboxPlan;
  /** The file name without extension: the tenant id must equal it. */
  readonly fileStem: string;
  readonly catalog: TemplateCatalog;
}

/** A dotted field path; `*` stands for any list index or key. */
type FieldPattern = string;

interface PlanRule {
  /** Every field the check reads: it runs only when all of them have the right shape. */
  readonly reads: readonly FieldPattern[];
  readonly check: (ctx: RuleContext) => RuleViolation[];
}

export const MAX_PERIOD_MONTHS = 24;

const idMatchesFileName: PlanRule = {
  reads: ['metadata.id'],
  check: ({ plan, fileStem }) =>
    plan.metadata.id === fileStem
      ? []
      : [{ path: ['metadata', 'id'], rule: 'id-matches-file-name', message: `is "${plan.metadata.id}" but the file is named ${fileStem}.yaml; the tenant id must equal the file name` }],
};

/** Ids the platform itself uses: `platform` names ledger events outside any tenant. */
export const RESERVED_TENANT_IDS: readonly string[] = ['platform', 'sandbox', 'default'];

const idNotReserved: PlanRule = {
  reads: ['metadata.id'],
  check: ({ plan }) =>
    RESERVED_TENANT_IDS.includes(plan.metadata.id)
      ? [{ path: ['metadata', 'id'], rule: 'id-not-reserved', message: `"${plan.metadata.id}" is reserved by the platform (${RESERVED_TENANT_IDS.join(', ')}); choose another id` }]
      : [],
};

const periodInOrder: PlanRule = {
  reads: ['spec.period'],
  check: ({ plan }) => {
    const { start, end } = plan.spec.period;
    if (end <= start) return [{ path: ['spec', 'period', 'end'], rule: 'period-order', message: `(${end}) must be after period.start (${start})` }];
    const limit = addMonths(start, MAX_PERIOD_MONTHS);
    return end > limit
      ? [{ path: ['spec', 'period', 'end'], rule: 'period-max-length', message: `(${end}) makes the period longer than ${MAX_PERIOD_MONTHS} months; the latest end for this start is ${limit}` }]
      : [];
  },
};

const knownProfile: PlanRule = {
  reads: ['spec.profile'],
  check: ({ plan, catalog }) =>
    catalog.profiles.has(plan.spec.profile)
      ? []
      : [{ path: ['spec', 'profile'], rule: 'known-profile', message: `names profile "${plan.spec.profile}", which is not in sandbox-templates/profiles/ (known: ${[...catalog.profiles.keys()].join(', ')})` }],
};

const knownDatasets: PlanRule = {
  reads: ['spec.profile', 'spec.datasets.*.profile'],
  check: ({ plan, catalog }) => {
    const profile = catalog.profiles.get(plan.spec.profile);
    const out: RuleViolation[] = [];
    const seen = new Map<string, number>();
    (plan.spec.datasets ?? []).forEach((dataset, i) => {
      const path = ['spec', 'datasets', i, 'profile'];
      if (!catalog.datasetProfiles.has(dataset.profile)) {
        out.push({ path, rule: 'known-dataset-profile', message: `names dataset profile "${dataset.profile}", which is not in sandbox-templates/datasets/ (known: ${[...catalog.datasetProfiles.keys()].join(', ')})` });
      } else if (profile && !profile.spec.datasets.allowed.includes(dataset.profile)) {
        out.push({ path, rule: 'dataset-allowed-by-profile', message: `"${dataset.profile}" is not allowed by profile ${plan.spec.profile} (allowed: ${profile.spec.datasets.allowed.join(', ')})` });
      }
      const first = seen.get(dataset.profile);
      if (first !== undefined) {
        out.push({ path, rule: 'unique-dataset-profile', message: `"${dataset.profile}" is already used by spec.datasets[${first}]; each dataset profile may appear once per plan (it names the dataset's directory)` });
      } else seen.set(dataset.profile, i);
    });
    return out;
  },
};

/** AI Act Art. 59(1)(b): personal data only where synthetic or anonymised data will not do. */
const justifiedClassification: PlanRule = {
  reads: ['spec.datasets.*.profile', 'spec.datasets.*.classification', 'spec.datasets.*.justification'],
  check: ({ plan, catalog }) =>
    (plan.spec.datasets ?? []).flatMap((dataset, i) => {
      const classification = dataset.classification ?? catalog.datasetProfiles.get(dataset.profile)?.spec.classification ?? 'synthetic';
      return classification !== 'synthetic' && !dataset.justification
        ? [{ path: ['spec', 'datasets', i, 'justification'], rule: 'justification-required', message: `is required for ${classification} data: AI Act Art. 59(1)(b) allows personal data only where synthetic or anonymised data will not do` }]
        : [];
    }),
};

const uniquePeople: PlanRule = {
  reads: ['spec.people.*.id', 'spec.people.*.email'],
  check: ({ plan }) => {
    const out: RuleViolation[] = [];
    const ids = new Map<string, number>();
    const emails = new Map<string, number>();
    plan.spec.people.forEach((person, i) => {
      const sameId = ids.get(person.id);
      if (sameId !== undefined) out.push({ path: ['spec', 'people', i, 'id'], rule: 'unique-person-id', message: `"${person.id}" is already used by spec.people[${sameId}]; person ids must be unique` });
      else ids.set(person.id, i);
      const email = person.email.toLowerCase();
      const sameEmail = emails.get(email);
      if (sameEmail !== undefined) out.push({ path: ['spec', 'people', i, 'email'], rule: 'unique-person-email', message: `"${person.email}" is already used by spec.people[${sameEmail}]; every person needs a personal account (EHDS Art. 73(1))` });
      else emails.set(email, i);
    });
    return out;
  },
};

/** The export airlock needs a requester and a different approver. */
const airlockRoles: PlanRule = {
  reads: ['spec.people.*.role'],
  check: ({ plan }) => {
    const roles = new Set(plan.spec.people.map((p) => p.role));
    const out: RuleViolation[] = [];
    if (!roles.has('innovator')) out.push({ path: ['spec', 'people'], rule: 'innovator-required', message: 'must include at least one person with role innovator' });
    if (!roles.has('data-steward')) out.push({ path: ['spec', 'people'], rule: 'data-steward-required', message: 'must include at least one person with role data-steward (the export airlock needs a second person to approve)' });
    return out;
  },
};

/** MDR class IIa and up needs a notified body, which makes the AI high-risk (AI Act Art. 6(1), Annex I). */
const deviceClassImpliesRisk: PlanRule = {
  reads: ['spec.medicalDeviceClass', 'spec.riskClass'],
  check: ({ plan }) =>
    ['IIa', 'IIb', 'III'].includes(plan.spec.medicalDeviceClass) && plan.spec.riskClass !== 'high'
      ? [{ path: ['spec', 'riskClass'], rule: 'device-class-high-risk', message: `must be high for a class ${plan.spec.medicalDeviceClass} medical device: its conformity assessment involves a notified body, which makes it high-risk under AI Act Art. 6(1)` }]
      : [],
};

const computeWithinProfile: PlanRule = {
  reads: ['spec.profile', 'spec.compute'],
  check: ({ plan, catalog }) => {
    const profile = catalog.profiles.get(plan.spec.profile);
    if (!profile) return [];
    const limits = profile.spec.compute.limits;
    return (Object.keys(limits) as (keyof Compute)[]).flatMap((key) => {
      const value = plan.spec.compute?.[key];
      return value !== undefined && value > limits[key]
        ? [{ path: ['spec', 'compute', key], rule: 'compute-within-profile', message: `(${value}) exceeds the limit of profile ${plan.spec.profile} (${limits[key]})` }]
        : [];
    });
  },
};

export const PLAN_RULES: readonly PlanRule[] = [
  idMatchesFileName,
  idNotReserved,
  periodInOrder,
  knownProfile,
  knownDatasets,
  justifiedClassification,
  uniquePeople,
  airlockRoles,
  deviceClassImpliesRisk,
  computeWithinProfile,
];

/**
 * The rules' verdict on a plan. `malformed` lists the field paths whose shape is wrong (the plan is
 * then the file's raw data, trustworthy only away from those paths). A rule that reads any of them
 * is skipped, and nothing is said on, under or above them: the shape problem already names the
 * field, and a judgement of the whole list ("no data steward") waits until its items are sound.
 */
export function checkPlanRules(ctx: RuleContext, malformed: readonly (readonly PathSegment[])[] = []): RuleViolation[] {
  const sound = (path: readonly PathSegment[]): boolean => !malformed.some((bad) => pathsOverlap(path, bad));
  return PLAN_RULES.filter((rule) => rule.reads.every((field) => sound(field.split('.'))))
    .flatMap((rule) => rule.check(ctx))
    .filter((violation) => sound(violation.path));
}
