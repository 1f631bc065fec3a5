import type { Tenant } from '../../tenancy/index.ts';
import { GPU_RESOURCE, RESOURCE_QUOTA } from './names.ts';
import { namespacedMeta } from './object-meta.ts';
import { cpuQuantity, gibQuantity } from './quantities.ts';
import type { IResourceQuota } from './types.ts';

/**
 * Object counts a tenant may hold. Pods scale with the CPUs (four default-sized pods per vCPU);
 * the rest are generous for one research team and small enough that a runaway script is noticed.
 * No LoadBalancer or NodePort service ever: either would open the namespace to the outside.
 */
function objectCounts(tenant: Tenant): Record<string, string> {
  const suspended = tenant.status === 'suspended';
  return {
    // AI Act Art. 57(11), 59(1)(c): a suspended tenant runs nothing; quota 0 stops every new pod and job.
    pods: suspended ? '0' : String(Math.min(200, Math.max(10, Math.ceil(tenant.compute.cpu * 4)))),
    'count/jobs.batch': suspended ? '0' : '50',
    services: suspended ? '0' : '5',
    'services.loadbalancers': '0',
    'services.nodeports': '0',
    secrets: '20',
    // Every namespace holds kube-root-ca.crt, so this may never be 0.
    configmaps: '20',
    persistentvolumeclaims: '5',
  };
}

/**
 * The plan's compute as the namespace's ceiling. A tenant without GPUs gets an explicit GPU quota of
 * zero: without a line the quota would not limit GPUs at all on a shared cluster that has them.
 */
export function tenantResourceQuota(tenant: Tenant): IResourceQuota {
  const { cpu, memoryGiB, gpu, storageGiB } = tenant.compute;
  const hard: Record<string, string> = {
    'requests.cpu': cpuQuantity(cpu),
    'limits.cpu': cpuQuantity(cpu),
    'requests.memory': gibQuantity(memoryGiB),
    'limits.memory': gibQuantity(memoryGiB),
    'requests.storage': gibQuantity(storageGiB),
    [`requests.${GPU_RESOURCE}`]: String(gpu),
    ...objectCounts(tenant),
  };
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: namespacedMeta(tenant, RESOURCE_QUOTA),
    spec: { hard },
  };
}
