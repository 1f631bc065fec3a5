/**
 * The CDK entry named in cdk.json: every plan in sandbox-templates/tenants/ as a `Sandbox-<id>`
 * stack, plus the platform stack with the organisation SCP. `npx cdk synth` works offline and
 * without credentials: stacks name their region and leave the account to deploy time.
 */
import { Validations } from 'aws-cdk-lib';
import { guardrailValidationPlugin } from '../policies/adapters/cdk-validation-plugin.ts';
import { formatIssue, loadPlans } from '../tenancy/index.ts';
import { tenantBlueprint } from '../stacks/blueprint/index.ts';
import { createSandboxApp, SandboxPlatformStack, SandboxTenantStack } from '../stacks/aws/index.ts';

const plans = loadPlans();
if (plans.issues.length > 0) {
  process.stderr.write(`${plans.issues.map((issue) => formatIssue(issue)).join('\n')}\n${plans.issues.length} problem(s) in the sandbox plans; nothing synthesized\n`);
  process.exit(1);
}

// cdk-nag's HIPAA Security and NIST 800-53 rev 5 packs always run here.
const app = createSandboxApp({ complianceChecks: true });
for (const plan of plans.plans) new SandboxTenantStack(app, { blueprint: tenantBlueprint(plan.tenant) });
new SandboxPlatformStack(app);

// The guardrail catalog judges the same templates, so a plain `cdk synth` fails on an error finding
// and the findings land in CDK's own validation report.
Validations.of(app).addPlugins(guardrailValidationPlugin());

app.synth();
