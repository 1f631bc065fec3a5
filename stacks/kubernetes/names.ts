import type { Tenant } from '../../tenancy/index.ts';

/** The admission rule that lets workloads run as it without a token names it, so both read one constant. */
export { WORKLOAD_SERVICE_ACCOUNT } from '../../policies/workload-cel/index.ts';

/** Object names the rest of the product (and people running kubectl) rely on. */
export const namespaceName = (tenant: Pick<Tenant, 'id'>): string => `sbx-${tenant.id}`;
export const admissionPolicyName = (tenant: Pick<Tenant, 'id'>): string => `sbx-${tenant.id}-workload-rules`;

export const DATASET_VOLUME_CLAIM = 'datasets';
export const DATASET_MOUNT_PATH = '/data';
export const DEFAULT_DENY_POLICY = 'default-deny';
export const DNS_EGRESS_POLICY = 'allow-dns-egress';
export const RESOURCE_QUOTA = 'tenant-quota';
export const LIMIT_RANGE = 'tenant-limits';
/** The extended resource NVIDIA's device plugin advertises; quota and limit range count GPUs by it. */
export const GPU_RESOURCE = 'nvidia.com/gpu';
