/**
 * Reusable CDK constructs with secure defaults for a sandbox tenant. Each models what a platform
 * engineer thinks in (a data store, an evidence store with a retention class, a person's role),
 * validates its props at construction and gives access through `grant*` methods.
 */
export { AuditTrail, type AuditTrailProps } from './audit-trail.ts';
export { DataStoreBucket, type DataStoreBucketProps } from './data-store-bucket.ts';
export { EvidenceLogGroup, type EvidenceLogGroupProps } from './evidence-log-group.ts';
export { EvidenceStoreBucket, type EvidenceStoreBucketProps } from './evidence-store-bucket.ts';
export { IsolatedNetwork, type IsolatedNetworkProps } from './isolated-network.ts';
export { PersonPermissionBoundary, type PersonPermissionBoundaryProps } from './person-permission-boundary.ts';
export { PersonRole, type PersonRoleProps } from './person-role.ts';
export { SECURE_BUCKET_BASELINE, type ServerAccessLogsDestination } from './secure-bucket-baseline.ts';
export { ServerAccessLogBucket, type ServerAccessLogBucketProps } from './server-access-log-bucket.ts';
export { TenantKey, type KeyGrantOptions, type KeyViaService, type TenantKeyProps } from './tenant-key.ts';
