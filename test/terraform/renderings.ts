import type { Tenant } from '../../tenancy/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';

export interface Rendering {
  /** `diabetes-risk` or `diabetes-risk (suspended)`. */
  readonly label: string;
  readonly tenant: Tenant;
}

const label = (tenant: Tenant) => (tenant.status === 'active' ? tenant.id : `${tenant.id} (${tenant.status})`);

/** Every example tenant in every lifecycle state: suspension and exit render differently. */
export function allRenderings(): Rendering[] {
  return exampleTenants().flatMap((tenant) => (['active', 'suspended', 'exited'] as const).map((status) => withStatus(tenant, status))).map((tenant) => ({ label: label(tenant), tenant }));
}

/** Every example tenant as planned, plus the first one suspended and exited: what Terraform itself checks. */
export function plannedRenderings(): Rendering[] {
  const tenants = exampleTenants();
  const first = tenants[0];
  if (!first) throw new Error('no example tenants in sandbox-templates/tenants/');
  return [...tenants, withStatus(first, 'suspended'), withStatus(first, 'exited')].map((tenant) => ({ label: label(tenant), tenant }));
}
