import type { Tenant } from '../../tenancy/index.ts';
import { tenantBlueprint } from '../blueprint/index.ts';
import type { Engine, EngineOutput } from '../engine.ts';
import { synthesizeInTemporaryApp } from './synthesize-app.ts';
import { countResources, templateText, tenantTemplatePath } from './template-json.ts';
import { SandboxTenantStack } from './tenant-stack.ts';

export interface AwsEngineOptions {
  /** Run cdk-nag (HIPAA Security, NIST 800-53 rev 5) during synth; a finding fails the synth. */
  readonly complianceChecks: boolean;
}

/** Whether `synthesizeAws` runs cdk-nag; the bench reports what each choice costs. */
export const AWS_ENGINE_DEFAULTS: AwsEngineOptions = { complianceChecks: true };

/**
 * Synthesizes several tenants in one CDK App: the App, the feature flags and the temporary
 * assembly are paid for once, which is what makes a batch cheaper per tenant than one-by-one.
 * The result is the same bytes per tenant as synthesizing it alone.
 */
export async function synthesizeAwsTenants(tenants: readonly Tenant[], options: AwsEngineOptions = AWS_ENGINE_DEFAULTS): Promise<EngineOutput[]> {
  return synthesizeInTemporaryApp(options.complianceChecks, (app) => {
    const stacks = tenants.map((tenant) => new SandboxTenantStack(app, { blueprint: tenantBlueprint(tenant) }));
    return (assembly) =>
      stacks.map((stack): EngineOutput => {
        const template = assembly.getStackByName(stack.stackName).template as unknown;
        return {
          engine: 'aws',
          artifacts: [{ path: tenantTemplatePath(stack.stackName), content: templateText(template) }],
          resources: countResources(template),
        };
      });
  });
}

export function createAwsEngine(options: AwsEngineOptions): Engine {
  return async (tenant) => {
    const [output] = await synthesizeAwsTenants([tenant], options);
    return output!;
  };
}

/** The AWS engine of `sandbox synth`: `aws/Sandbox-<id>.template.json` and its resource count. */
export const synthesizeAws: Engine = createAwsEngine(AWS_ENGINE_DEFAULTS);
