import type { Tenant } from '../../tenancy/index.ts';
import { tenantLabels } from './labels.ts';
import { namespaceName } from './names.ts';
import type { ObjectMeta } from './types.ts';

/** Metadata of an object in the tenant's namespace. */
export function namespacedMeta(tenant: Tenant, name: string, extra: Pick<ObjectMeta, 'annotations'> = {}): ObjectMeta {
  return { name, namespace: namespaceName(tenant), labels: tenantLabels(tenant), ...extra };
}

/** Metadata of a cluster-scoped object that belongs to the tenant. */
export function clusterMeta(tenant: Tenant, name: string): ObjectMeta {
  return { name, labels: tenantLabels(tenant) };
}
