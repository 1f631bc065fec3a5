import type { Tenant } from '../../tenancy/index.ts';
import { defaultContainerLimit, defaultContainerRequest } from './container-sizes.ts';
import { GPU_RESOURCE, LIMIT_RANGE } from './names.ts';
import { namespacedMeta } from './object-meta.ts';
import { cpuQuantity, gibQuantity } from './quantities.ts';
import type { ILimitRange } from './types.ts';

/**
 * Defaults for containers that name no resources (the quota counts requests and limits, so without
 * them such a pod could not be admitted at all), and ceilings so one container or volume cannot
 * take more than the whole tenant has.
 *
 * GPUs only where the plan grants them. The API server defaults a Container item's missing default
 * limit to its max (and the default request to the default limit), so a GPU max alone would give
 * every container that names no GPU the tenant's whole GPU count; the explicit default of 0 keeps
 * GPUs for the containers that ask for them.
 */
export function tenantLimitRange(tenant: Tenant): ILimitRange {
  const { compute } = tenant;
  const limit = defaultContainerLimit(compute);
  const request = defaultContainerRequest(compute);
  const gpu: Record<string, string> = compute.gpu > 0 ? { [GPU_RESOURCE]: String(compute.gpu) } : {};
  const noGpu: Record<string, string> = compute.gpu > 0 ? { [GPU_RESOURCE]: '0' } : {};
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: namespacedMeta(tenant, LIMIT_RANGE),
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: cpuQuantity(limit.cpu), memory: gibQuantity(limit.memoryGiB), ...noGpu },
          defaultRequest: { cpu: cpuQuantity(request.cpu), memory: gibQuantity(request.memoryGiB), ...noGpu },
          max: { cpu: cpuQuantity(compute.cpu), memory: gibQuantity(compute.memoryGiB), ...gpu },
        },
        { type: 'PersistentVolumeClaim', max: { storage: gibQuantity(compute.storageGiB) } },
      ],
    },
  };
}
