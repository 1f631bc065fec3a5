import type { Tenant } from '../../tenancy/index.ts';
import { defaultContainerLimit, defaultContainerRequest } from './container-sizes.ts';
import { LIMIT_RANGE } from './names.ts';
import { namespacedMeta } from './object-meta.ts';
import { cpuQuantity, gibQuantity } from './quantities.ts';
import type { ILimitRange } from './types.ts';

/**
 * Defaults for containers that name no resources (the quota counts requests and limits, so without
 * them such a pod could not be admitted at all), and ceilings so one container or volume cannot
 * take more than the whole tenant has.
 */
export function tenantLimitRange(tenant: Tenant): ILimitRange {
  const { compute } = tenant;
  const limit = defaultContainerLimit(compute);
  const request = defaultContainerRequest(compute);
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: namespacedMeta(tenant, LIMIT_RANGE),
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: cpuQuantity(limit.cpu), memory: gibQuantity(limit.memoryGiB) },
          defaultRequest: { cpu: cpuQuantity(request.cpu), memory: gibQuantity(request.memoryGiB) },
          max: { cpu: cpuQuantity(compute.cpu), memory: gibQuantity(compute.memoryGiB) },
        },
        { type: 'PersistentVolumeClaim', max: { storage: gibQuantity(compute.storageGiB) } },
      ],
    },
  };
}
