import { TENANT_STATUSES, type Tenant, type TenantStatus } from '../../tenancy/index.ts';
import { synthesizeAwsTenants } from '../../stacks/aws/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';

/** One example tenant in one lifecycle state, synthesized by the AWS engine. */
export interface Rendering {
  readonly tenant: Tenant;
  readonly status: TenantStatus;
  readonly text: string;
  readonly template: Record<string, unknown> & { Resources: Record<string, { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string }> };
}

/**
 * Every example tenant in every lifecycle state: one batch (one CDK App) per state, since a
 * tenant's stack name is the same in every state, to keep the suite fast.
 */
export async function allRenderings(complianceChecks: boolean): Promise<Rendering[]> {
  const out: Rendering[] = [];
  for (const status of TENANT_STATUSES) {
    const cases = exampleTenants().map((tenant) => withStatus(tenant, status));
    const outputs = await synthesizeAwsTenants(cases, { complianceChecks });
    outputs.forEach((output, i) => {
      const text = output.artifacts[0]!.content;
      out.push({ tenant: cases[i]!, status, text, template: JSON.parse(text) as Rendering['template'] });
    });
  }
  return out;
}

export const label = (r: Rendering) => `${r.tenant.id} (${r.status})`;
