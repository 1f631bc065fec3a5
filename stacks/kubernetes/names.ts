import type { Tenant } from '../../tenancy/index.ts';

/** Object names the rest of the product (and people running kubectl) rely on. */
export const namespaceName = (tenant: Pick<Tenant, 'id'>): string => `sbx-${tenant.id}`;
export const admissionPolicyName = (tenant: Pick<Tenant, 'id'>): string => `sbx-${tenant.id}-workload-rules`;

export const WORKLOAD_SERVICE_ACCOUNT = 'workload';
export const DATASET_VOLUME_CLAIM = 'datasets';
export const DATASET_MOUNT_PATH = '/data';
export const DEFAULT_DENY_POLICY = 'default-deny';
export const DNS_EGRESS_POLICY = 'allow-dns-egress';
export const RESOURCE_QUOTA = 'tenant-quota';
export const LIMIT_RANGE = 'tenant-limits';
/** The extended resource NVIDIA's device plugin advertises; quota and limit range count GPUs by it. */
export const GPU_RESOURCE = 'nvidia.com/gpu';
