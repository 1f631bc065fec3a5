import { findTenant, type Tenant } from '../../tenancy/index.ts';
import type { TenantLookup } from '../evaluate/evaluate.ts';

/**
 * The project's plans, looked up once per tenant id: rules use the plan (retention floors,
 * allowed registries, risk class) where it is known and fall back to the artifact's own tags.
 */
export function projectTenants(): TenantLookup {
  const cache = new Map<string, Tenant | undefined>();
  return (id) => {
    if (!cache.has(id)) cache.set(id, findTenant(id));
    return cache.get(id);
  };
}

/** Exactly these tenants, e.g. the one the synth pipeline is checking. */
export function knownTenants(tenants: readonly Tenant[]): TenantLookup {
  const byId = new Map(tenants.map((t) => [t.id, t]));
  return (id) => byId.get(id);
}
