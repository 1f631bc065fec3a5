import { App } from 'aws-cdk-lib';
import { SANDBOX_CDK_CONTEXT } from './cdk-context.ts';
import { addComplianceChecks } from './compliance-checks.ts';

export interface SandboxAppOptions {
  /** Cloud assembly directory; default CDK's own (`CDK_OUTDIR` under the CLI, else a temp dir). */
  readonly outdir?: string;
  /** Run the cdk-nag packs as validation plugins during synth. */
  readonly complianceChecks: boolean;
  /**
   * The lean app of `sandbox synth`: no construct tree file and no stack traces in metadata,
   * neither of which ends up in a template. Default false (the CDK CLI app, whose validation
   * report points at the code that built a resource).
   */
  readonly lean?: boolean;
}

/**
 * The CDK App every sandbox stack lives in: the same feature flags, no version analytics resource.
 * aws-cdk-lib's built-in CloudFormation schema validation is off: it adds seconds per synth (it
 * dominated `npx cdk synth` here) and checks less than the cfn-lint run over every synthesized
 * template in the test suite.
 */
export function createSandboxApp(options: SandboxAppOptions): App {
  const lean = options.lean ?? false;
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: { ...SANDBOX_CDK_CONTEXT },
    analyticsReporting: false,
    builtinCloudFormationValidation: false,
    ...(lean ? { treeMetadata: false, stackTraces: false } : {}),
  });
  if (options.complianceChecks) addComplianceChecks(app);
  return app;
}
