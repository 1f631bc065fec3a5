import { formatIssue, loadPlans, type LoadedPlan, type Tenant } from '../../tenancy/index.ts';

/** The example plans of sandbox-templates/tenants/, which every engine test runs against. */
export function examplePlans(): readonly LoadedPlan[] {
  const result = loadPlans();
  if (result.issues.length > 0) throw new Error(`example plans are invalid:\n${result.issues.map((i) => formatIssue(i)).join('\n')}`);
  return result.plans;
}

export function exampleTenants(): readonly Tenant[] {
  return examplePlans().map((p) => p.tenant);
}

/** An example tenant in another lifecycle state (suspension and exit render differently). */
export function withStatus(tenant: Tenant, status: Tenant['status']): Tenant {
  return Object.freeze({ ...tenant, status });
}
