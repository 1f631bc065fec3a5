import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatIssue, TENANT_ID_PATTERN, validatePlanFile, type Tenant } from '../../../tenancy/index.ts';
import { TENANTS_DIR } from '../../../tenancy/paths.ts';

/**
 * The tenant a stack deploys, loaded from the project's plan by id and validated exactly as
 * `sandbox synth` does, so the stack and the synthesized manifests come from the same Tenant.
 * Returns a message instead of throwing: the caller decides how Pulumi reports it.
 */
export function loadTenantById(id: string, tenantsDir: string = TENANTS_DIR): { ok: true; tenant: Tenant } | { ok: false; message: string } {
  if (!TENANT_ID_PATTERN.test(id)) {
    return { ok: false, message: `config sandbox-kubernetes:tenant: "${id}" is not a tenant id (must match ${TENANT_ID_PATTERN.source})` };
  }
  const file = ['.yaml', '.yml'].map((ext) => path.join(tenantsDir, `${id}${ext}`)).find((f) => existsSync(f));
  if (!file) return { ok: false, message: `config sandbox-kubernetes:tenant: no plan ${id}.yaml in ${tenantsDir}` };
  const result = validatePlanFile(file);
  if (!result.ok) return { ok: false, message: [`the plan of tenant ${id} is invalid; nothing was deployed:`, ...result.issues.map((i) => formatIssue(i))].join('\n') };
  return { ok: true, tenant: result.plan.tenant };
}
