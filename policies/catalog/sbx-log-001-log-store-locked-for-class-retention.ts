import { buckets, type BucketView } from '../aws/buckets.ts';
import { retentionFloor, stores, storeOf } from '../aws/stores.ts';
import { artifactAnchor } from '../model/resource.ts';
import { booleanOf, isUnresolved, literalString, numberOf } from '../model/value.ts';
import { compliant, nonCompliant, notApplicable, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

function judge(bucket: BucketView, context: CheckContext): Evaluation[] {
  const { resource } = bucket;
  const store = storeOf(bucket, context);
  if (store.kind !== 'log-store') return [notApplicable(resource)];
  const out: Evaluation[] = [];
  const enabled = booleanOf(bucket.objectLockEnabled?.value);
  const enabledPath = bucket.objectLockEnabled?.path ?? (resource.format === 'terraform' ? 'object_lock_enabled' : 'ObjectLockEnabled');
  if (typeof enabled === 'object') out.push(unknown(resource, enabledPath, 'Whether Object Lock is enabled', enabled));
  else if (enabled !== true) out.push(nonCompliant(resource, enabledPath, `log store ${resource.id} does not have Object Lock enabled`));

  const retention = bucket.defaultRetention;
  const lockPath = resource.format === 'terraform' ? 'object_lock_configuration' : 'ObjectLockConfiguration.Rule.DefaultRetention';
  if (!retention) return [...out, nonCompliant(resource, lockPath, `log store ${resource.id} has no default Object Lock retention`)];

  const mode = retention.mode;
  if (mode && isUnresolved(mode.value)) out.push(unknown(mode.resource, mode.path, 'The Object Lock mode', mode.value));
  else if (literalString(mode?.value) !== 'COMPLIANCE') {
    out.push(nonCompliant(mode?.resource ?? retention.at.resource, mode?.path ?? retention.at.path, `Object Lock mode is ${literalString(mode?.value) ?? 'not set'}; only COMPLIANCE keeps anyone, root included, from shortening the retention`));
  }

  // The class comes from the store's name: relabelling the tag cannot lower the floor.
  const retentionClass = store.retentionClass;
  const floor = retentionFloor(resource, retentionClass, context);
  const days = numberOf(retention.days?.value);
  const years = numberOf(retention.years?.value);
  const where = retention.days ?? retention.years ?? retention.at;
  if (typeof days === 'object' || typeof years === 'object') {
    out.push(unknown(where.resource, where.path, 'The Object Lock retention', (typeof days === 'object' ? days : years) as never));
  } else if (floor) {
    const effective = days ?? (years !== undefined ? years * 365 : 0);
    if (effective < floor.days) {
      out.push(nonCompliant(where.resource, where.path, `Object Lock keeps ${effective} days, below the ${floor.days}-day floor of ${retentionClass ?? 'this store'} (${floor.source})`));
    }
  }
  if (out.length === 0) out.push(compliant(where.resource, where.path, `${retentionClass}: COMPLIANCE ${days ?? years}`));
  return out;
}

/** Cross-resource, when the plan is known: one log store per retention class of the tenant. */
function* missingClasses(context: CheckContext): Iterable<Evaluation> {
  const tenant = context.tenant;
  const all = buckets(context.artifact);
  if (!tenant || all.length === 0) return;
  const present = new Set([...stores(context.artifact).values()].filter((s) => s.kind === 'log-store').map((s) => s.retentionClass));
  const anchor = artifactAnchor(context.artifact);
  for (const r of tenant.retention) {
    if (!present.has(r.name)) yield nonCompliant(anchor, '', `tenant ${tenant.id} needs a log store for ${r.name} (${r.days} days, ${r.source}), and this artifact has none`);
  }
}

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const bucket of buckets(context.artifact)) yield* judge(bucket, context);
  yield* missingClasses(context);
}

export const rule: RuleDefinition = {
  id: 'SBX-LOG-001',
  title: 'Log stores are locked in COMPLIANCE mode for at least their retention class',
  rationale:
    'Logs are evidence: AI-system logs are kept at least six months, access logs a year, NEN 7513 logs five years, documentation ten, processing logs for the participation. Object Lock in COMPLIANCE mode is the only S3 setting no one, the account root included, can shorten; the floor is the highest of the legal floor, the plan and the store’s retention tag.',
  remediation: 'Enable Object Lock on every log store (bucket names ending in a log-store suffix of stacks/blueprint: -ailogs, -access, -processing, -nen7513, -docs) with a default retention in COMPLIANCE mode of at least the floor of the class the name stands for (tenancy/retention.ts).',
  severity: 'error',
  supports: ['ai-act-12', 'ai-act-19-1', 'ai-act-26-6', 'ai-act-59-1-h', 'ehds-73-1-e', 'ai-act-18', 'dutch-decree-5', 'nen-7513', 'nen-7510-8-15'],
  crossReferences: { cdkNag: ['S3BucketDefaultLockEnabled'], controlTower: ['CT.S3.PR.9'] },
  enforcedAtRunTime: {
    mechanism: 'service-control-policy',
    source: 'policies/adapters/service-control-policy.ts',
    description: 'the platform stack’s service control policy denies deleting the log stores and changing their Object Lock configuration',
  },
  implementations: { cloudformation: check, terraform: check },
};
