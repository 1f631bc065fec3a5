import type { ArtifactInput } from '../../../policies/index.ts';
import { synthesizeAws, synthesizeAwsPlatform } from '../../../stacks/aws/index.ts';
import type { Engine } from '../../../stacks/engine.ts';
import { synthesizeKubernetes } from '../../../stacks/kubernetes/index.ts';
import { synthesizeTerraform } from '../../../stacks/terraform/index.ts';
import type { Tenant } from '../../../tenancy/index.ts';

/** The engines the guardrails check, as `sandbox synth` runs them. */
export const ENGINES: readonly Engine[] = [synthesizeAws, synthesizeTerraform, synthesizeKubernetes];

/** Every artifact of the tenants, at the path `sandbox synth` writes it to (`build/<id>/<engine>/…`). */
export async function tenantArtifacts(tenants: readonly Tenant[]): Promise<ArtifactInput[]> {
  const out: ArtifactInput[] = [];
  for (const tenant of tenants) {
    for (const engine of ENGINES) {
      const output = await engine(tenant);
      for (const a of output.artifacts) out.push({ path: `build/${tenant.id}/${a.path}`, content: a.content, tenant: tenant.id });
    }
  }
  return out;
}

export async function platformArtifacts(tenants: readonly Tenant[]): Promise<ArtifactInput[]> {
  return (await synthesizeAwsPlatform(tenants)).map((a) => ({ path: `build/${a.path}`, content: a.content }));
}
