import type { PersonRole, RetentionClassName, Tenant, TenantStatus } from '../../tenancy/index.ts';
import { cloudWatchRetentionAtLeast } from './cloudwatch-retention.ts';

/**
 * The AWS tenant described once, without any engine: which stores, keys, logs, network and roles
 * exist for a tenant in its current lifecycle state, and who may do what. The CDK and the Terraform
 * engines both render this blueprint, and the drift test compares what each rendered against it,
 * so one plan gives one environment whichever engine deploys it.
 */

export const DATA_STORE_IDS = ['datasets', 'workspace', 'results'] as const;
export type DataStoreId = (typeof DATA_STORE_IDS)[number];

export type Access = 'read' | 'write' | 'read-write';

export interface DataStore {
  readonly id: DataStoreId;
  /** Short, stable part of the bucket name (`sbx-<account>-<tenant>-<suffix>`). */
  readonly nameSuffix: string;
  /** Store tags beside the tenant tags, so guardrails can tell data from evidence. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface LogStore {
  readonly retentionClass: RetentionClassName;
  /** Object Lock default retention, COMPLIANCE mode: nobody, root included, can shorten it. */
  readonly objectLockDays: number;
  readonly nameSuffix: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * S3 server access logs of the data stores and the log stores. S3 cannot deliver them to a bucket
 * with Object Lock, nor to one whose default encryption is SSE-KMS (S3 User Guide, "Enabling Amazon
 * S3 server access logging": only SSE-S3 is supported on the destination), so they get a bucket of
 * their own (SSE-S3, versioned, expiring after the access-log floor); the tamper-proof record of
 * object access is the trail's data events in the access-log store.
 */
export interface ServerAccessLogStore {
  readonly nameSuffix: string;
  readonly expireAfterDays: number;
  readonly tags: Readonly<Record<string, string>>;
  /** Always SSE-S3: the only default encryption S3 server access logging delivers into. */
  readonly encryption: 'sse-s3';
  /**
   * The stores whose server access logs land here, keyed as in the SecurityProfile: data stores by
   * id, log stores by retention class. Reads of the evidence are access to health records too.
   */
  readonly loggedStores: readonly string[];
}

export interface LogGroup {
  readonly id: 'flow-logs' | 'workloads';
  readonly name: string;
  readonly retentionDays: number;
  readonly retentionClass: RetentionClassName;
}

export interface Grant {
  readonly target:
    | { readonly kind: 'data-store'; readonly id: DataStoreId }
    | { readonly kind: 'log-store'; readonly retentionClass: RetentionClassName }
    /**
     * Add objects under `prefix` of a log store, and nothing else: no read, no delete. A second
     * upload to a key adds a version; Object Lock keeps the first.
     */
    | { readonly kind: 'log-store-append'; readonly retentionClass: RetentionClassName; readonly prefix: string }
    | { readonly kind: 'log-groups' }
    | { readonly kind: 'trail' };
  readonly access: Access;
}

export interface PersonRoleSpec {
  readonly personId: string;
  readonly personRole: PersonRole;
  /** IAM role name; CloudTrail shows it with the session's source identity, so both name the person. */
  readonly roleName: string;
  /** Human roles are assumed only with MFA. */
  readonly requireMfa: true;
  /**
   * The `sts:SourceIdentity` the organisation's identity provider sets for this person (their id
   * in the plan): the only one the role can be assumed with (see person-trust.ts for why).
   */
  readonly sourceIdentity: string;
  readonly grants: readonly Grant[];
}

export interface NetworkSpec {
  readonly cidr: string;
  readonly maxAzs: number;
  readonly gatewayEndpoints: readonly string[];
  readonly interfaceEndpoints: readonly string[];
  /** Suspended tenants keep their network but nothing may flow through the endpoints' security group. */
  readonly isolated: boolean;
  readonly flowLogGroup: LogGroup['id'];
}

export interface KeySpec {
  readonly alias: string;
  readonly description: string;
  readonly enableRotation: true;
  /** Days AWS waits before a removed key is deleted (crypto-shredding at exit). */
  readonly pendingWindowDays: number;
}

export interface TrailSpec {
  readonly logFileValidation: true;
  readonly deliverTo: RetentionClassName;
  /** Stores whose object reads and writes are recorded, keyed as in the SecurityProfile (data store ids, retention classes). */
  readonly dataEventStores: readonly (DataStoreId | RetentionClassName)[];
}

export interface AwsTenantBlueprint {
  readonly tenantId: string;
  readonly stackName: string;
  readonly region: string;
  readonly lifecycle: TenantStatus;
  readonly tags: Readonly<Record<string, string>>;
  /** Absent once the tenant has exited. */
  readonly network: NetworkSpec | null;
  /** Encrypts the data stores; absent once exited, which schedules its deletion (crypto-shredding). */
  readonly dataKey: KeySpec | null;
  /** Encrypts the log stores and log groups; outlives the tenant so the evidence stays readable. */
  readonly evidenceKey: KeySpec;
  readonly dataStores: readonly DataStore[];
  readonly logStores: readonly LogStore[];
  readonly serverAccessLogs: ServerAccessLogStore;
  readonly logGroups: readonly LogGroup[];
  readonly trail: TrailSpec | null;
  readonly roles: readonly PersonRoleSpec[];
  /** The permission boundary's name: no person role can exceed it, whatever is attached later. */
  readonly permissionBoundaryName: string;
  /**
   * Every bucket of the tenant in this lifecycle state. Whatever must reach "the tenant's stores"
   * (the permission boundary, the S3 endpoint policy) names exactly these: a name pattern such as
   * `sbx-<account>-<tenant>-*` would also match the stores of a tenant whose id is `<tenant>-…`.
   */
  readonly buckets: readonly TenantBucket[];
  /** The trail's name, also after exit, when the trail is gone but supervisors read what it recorded. */
  readonly trailName: string;
  /**
   * `/sandbox/<id>/`: the name prefix of every log group of the tenant, including groups retained
   * after exit (flow logs). It ends in "/", which no tenant id contains, so no other tenant's group
   * name starts with it.
   */
  readonly logGroupPrefix: string;
}

/** One bucket of the tenant, keyed as the SecurityProfile keys stores. */
export interface TenantBucket {
  /** A data store's id, a log store's retention class, or `s3logs`. */
  readonly store: string;
  readonly nameSuffix: string;
}

/** Synthetic datasets (read-only for innovators), the innovator's working files and models, and model-run results awaiting the export airlock. */
const DATA_STORES: readonly DataStore[] = [
  { id: 'datasets', nameSuffix: 'data', tags: { 'sandbox:store-kind': 'data-store', 'sandbox:store': 'datasets' } },
  { id: 'workspace', nameSuffix: 'work', tags: { 'sandbox:store-kind': 'data-store', 'sandbox:store': 'workspace' } },
  { id: 'results', nameSuffix: 'results', tags: { 'sandbox:store-kind': 'data-store', 'sandbox:store': 'results' } },
];

/** Name suffixes of the data stores, as guardrails read a store's kind from its name. */
export const DATA_STORE_SUFFIXES: readonly string[] = DATA_STORES.map((s) => s.nameSuffix);

/** Name suffixes of the log stores; the organisation SCP protects buckets ending in these. */
export const LOG_STORE_SUFFIX: Readonly<Record<RetentionClassName, string>> = {
  'ai-system-logs': 'ailogs',
  'access-logs': 'access',
  'processing-logs': 'processing',
  'patient-record-logs': 'nen7513',
  documentation: 'docs',
};

/** Name suffix of the server-access-log store. */
export const SERVER_ACCESS_LOG_SUFFIX = 's3logs';

/**
 * Where sealed ledger segments, the ledger head and its public key are uploaded
 * (`sandbox ledger seal` prints `aws s3 cp … s3://<log-store>/ledger/…`): the AI-system-log store,
 * the retention class of the automatic logs of model runs (AI Act Arts. 12, 19(1)), in the bucket
 * `sbx-<account>-<tenant>-ailogs`. Object Lock keeps each uploaded version for the class's period.
 */
export const LEDGER_SEGMENT_STORE = { retentionClass: 'ai-system-logs', prefix: 'ledger/' } as const satisfies { retentionClass: RetentionClassName; prefix: string };

/**
 * The trail delivers into the access-log store. Its data events cover every data store (who read
 * which record, NEN 7513) and every other log store (who read or added evidence, supervisors and
 * exports included), but not this one: recording the trail's own deliveries would make each
 * delivery a new event to deliver, a loop. Nor the server-access-log store, for the same reason
 * one step removed: the access-log store's own access logs land there.
 */
const TRAIL_DESTINATION: RetentionClassName = 'access-logs';

const dataStore = (id: DataStoreId, access: Access): Grant => ({ target: { kind: 'data-store', id }, access });

/**
 * Least privilege per role and lifecycle: suspension revokes every write but the upload of ledger
 * segments into the evidence, exit keeps only supervision.
 */
function grantsFor(role: PersonRole, lifecycle: TenantStatus, logClasses: readonly RetentionClassName[]): Grant[] | null {
  const supervision: Grant[] = [
    ...logClasses.map((retentionClass): Grant => ({ target: { kind: 'log-store', retentionClass }, access: 'read' })),
    { target: { kind: 'log-groups' }, access: 'read' },
    { target: { kind: 'trail' }, access: 'read' },
  ];
  if (lifecycle === 'exited') return role === 'supervisor' ? supervision : null;
  const suspended = lifecycle === 'suspended';
  switch (role) {
    case 'innovator':
      return suspended
        ? [dataStore('workspace', 'read'), dataStore('results', 'read')]
        : [dataStore('datasets', 'read'), dataStore('workspace', 'read-write'), dataStore('results', 'read-write')];
    case 'data-steward':
      return suspended
        ? [dataStore('datasets', 'read'), dataStore('results', 'read')]
        : [dataStore('datasets', 'read-write'), dataStore('results', 'read')];
    case 'supervisor':
      return supervision;
    case 'platform-engineer':
      return [
        { target: { kind: 'log-groups' }, access: 'read' },
        { target: { kind: 'trail' }, access: 'read' },
        // The platform engineer runs `sandbox ledger seal` and uploads the sealed segments: the one
        // person who writes into a log store, and only there. Also while suspended, as the
        // suspension itself is a ledger event. Append only: they still cannot read the evidence.
        ...(logClasses.includes(LEDGER_SEGMENT_STORE.retentionClass)
          ? [{ target: { kind: 'log-store-append', ...LEDGER_SEGMENT_STORE }, access: 'write' } satisfies Grant]
          : []),
      ];
  }
}

export function tenantBlueprint(tenant: Tenant): AwsTenantBlueprint {
  const lifecycle = tenant.status;
  const exited = lifecycle === 'exited';
  const retentionOf = (name: RetentionClassName) => tenant.retention.find((r) => r.name === name);
  const logStores: LogStore[] = tenant.retention.map((r) => ({
    retentionClass: r.name,
    objectLockDays: r.days,
    nameSuffix: LOG_STORE_SUFFIX[r.name],
    tags: { 'sandbox:store-kind': 'log-store', 'sandbox:retention-class': r.name, 'sandbox:retention-days': String(r.days) },
  }));
  const logClasses = logStores.map((s) => s.retentionClass);
  const logGroupPrefix = `/sandbox/${tenant.id}/`;
  // Flow logs are access and activity logs (EHDS Art. 73(1)(e)); workload logs are AI-system logs.
  const logGroups: LogGroup[] = [
    ...(exited ? [] : [{ id: 'flow-logs' as const, name: `${logGroupPrefix}flow-logs`, retentionClass: 'access-logs' as const, retentionDays: cloudWatchRetentionAtLeast(retentionOf('access-logs')!.days) }]),
    { id: 'workloads', name: `${logGroupPrefix}workloads`, retentionClass: 'ai-system-logs', retentionDays: cloudWatchRetentionAtLeast(retentionOf('ai-system-logs')!.days) },
  ];
  const roles: PersonRoleSpec[] = [];
  for (const person of tenant.people) {
    const grants = grantsFor(person.role, lifecycle, logClasses);
    if (!grants) continue;
    roles.push({ personId: person.id, personRole: person.role, roleName: `sbx-${tenant.id}-${person.id}`, requireMfa: true, sourceIdentity: person.id, grants });
  }
  const dataStores = exited ? [] : DATA_STORES;
  return {
    tenantId: tenant.id,
    stackName: `Sandbox-${tenant.id}`,
    region: tenant.region,
    lifecycle,
    tags: { ...tenant.tags, 'sandbox:lifecycle': lifecycle },
    network: exited
      ? null
      : {
          cidr: '10.64.0.0/16',
          maxAzs: 2,
          gatewayEndpoints: ['s3'],
          interfaceEndpoints: ['kms', 'logs', 'sts'],
          isolated: lifecycle === 'suspended',
          flowLogGroup: 'flow-logs',
        },
    dataKey: exited ? null : { alias: `alias/sandbox/${tenant.id}/data`, description: `Sandbox ${tenant.id}: data stores (deleted at exit)`, enableRotation: true, pendingWindowDays: 7 },
    evidenceKey: { alias: `alias/sandbox/${tenant.id}/evidence`, description: `Sandbox ${tenant.id}: log stores and log groups (kept after exit)`, enableRotation: true, pendingWindowDays: 30 },
    dataStores,
    logStores,
    serverAccessLogs: {
      nameSuffix: SERVER_ACCESS_LOG_SUFFIX,
      expireAfterDays: retentionOf('access-logs')!.days,
      tags: { 'sandbox:store-kind': 'server-access-logs', 'sandbox:retention-class': 'access-logs' },
      encryption: 'sse-s3',
      loggedStores: [...dataStores.map((s) => s.id), ...logClasses],
    },
    logGroups,
    trail: exited ? null : { logFileValidation: true, deliverTo: TRAIL_DESTINATION, dataEventStores: [...DATA_STORES.map((s) => s.id), ...logClasses.filter((c) => c !== TRAIL_DESTINATION)] },
    roles,
    permissionBoundaryName: `sbx-${tenant.id}-boundary`,
    buckets: [
      ...dataStores.map((s) => ({ store: s.id, nameSuffix: s.nameSuffix })),
      ...logStores.map((s) => ({ store: s.retentionClass, nameSuffix: s.nameSuffix })),
      { store: SERVER_ACCESS_LOG_SUFFIX, nameSuffix: SERVER_ACCESS_LOG_SUFFIX },
    ],
    trailName: `sandbox-${tenant.id}`,
    logGroupPrefix,
  };
}

/** `sbx-<account>-<tenant>-<suffix>`: unique per account, at most 53 characters, matched by the SCP as `sbx-*`. */
export function bucketName(accountId: string, tenantId: string, suffix: string): string {
  return `sbx-${accountId}-${tenantId}-${suffix}`;
}

/**
 * The exact ARN of every bucket of the tenant, with the partition and account as the engine writes
 * them (a CloudFormation token, a Terraform expression). Objects are `<arn>/*`.
 */
export function tenantBucketArns(blueprint: AwsTenantBlueprint, partition: string, accountId: string): string[] {
  return blueprint.buckets.map((b) => `arn:${partition}:s3:::${bucketName(accountId, blueprint.tenantId, b.nameSuffix)}`);
}
