import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { AwsComplianceError, SANDBOX_CDK_CONTEXT, SandboxTenantStack, TENANT_ACKNOWLEDGEMENTS } from '../../stacks/aws/index.ts';
import { synthesizeInTemporaryApp } from '../../stacks/aws/synthesize-app.ts';
import { tenantBlueprint } from '../../stacks/blueprint/index.ts';
import { TENANT_STATUSES } from '../../tenancy/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';

/** cdk-nag (HIPAA Security, NIST 800-53 rev 5) runs as validation plugins and what it finds stops the synth. */
describe('cdk-nag validation plugins', () => {
  it('fail the synth on an unacknowledged finding, naming the rule', async () => {
    const build = (app: App) => {
      new s3.Bucket(new Stack(app, 'Careless', { env: { region: 'eu-west-1' } }), 'Plain', { encryption: s3.BucketEncryption.UNENCRYPTED });
      return () => 'synthesized';
    };
    await expect(synthesizeInTemporaryApp(true, build)).rejects.toThrow(AwsComplianceError);
    await expect(synthesizeInTemporaryApp(true, build)).rejects.toThrow(/HIPAA\.Security-S3BucketLoggingEnabled[\s\S]*Careless\/Plain/);
    await expect(synthesizeInTemporaryApp(false, build)).resolves.toBe('synthesized');
  });

  it('acknowledge only real findings, on the resources concerned, as Pack::Rule with a reason', () => {
    const knownReasons = new Set<string>(Object.values(TENANT_ACKNOWLEDGEMENTS));
    for (const status of TENANT_STATUSES) {
      for (const tenant of exampleTenants()) {
        const app = new App({ context: { ...SANDBOX_CDK_CONTEXT } });
        const stack = new SandboxTenantStack(app, { blueprint: tenantBlueprint(withStatus(tenant, status)) });
        const acknowledged = new Set<string>();
        for (const construct of stack.node.findAll()) {
          for (const entry of construct.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
            for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
              // aws-cdk-lib acknowledges its own rules (CloudFormation-Validate::…) on stacks.
              if (!/^(HIPAA|NIST)/.test(id)) continue;
              expect(construct, 'acknowledged on a resource, never the whole stack').not.toBe(stack);
              expect(id).toMatch(/^(HIPAA\.Security::HIPAA\.Security|NIST\.800\.53\.R5::NIST\.800\.53\.R5)-\w+$/);
              expect(knownReasons.has(reason)).toBe(true);
              acknowledged.add(`${(construct as IConstruct).node.path}|${id.split('::')[1]}`);
            }
          }
        }
        // cdk-nag's own walk ignores CDK acknowledgements: it shows exactly what was acknowledged.
        const found = new Set<string>();
        for (const pack of [new HIPAASecurityChecks(), new NIST80053R5Checks()]) {
          for (const violation of pack.validateScope(stack).violations) {
            for (const resource of violation.violatingResources) {
              const owner = [...acknowledged].find((a) => resource.constructPath!.startsWith(`${a.split('|')[0]}/`) && a.endsWith(`|${violation.ruleName}`));
              expect(owner, `${violation.ruleName} on ${resource.constructPath} (${tenant.id}, ${status})`).toBeDefined();
              found.add(owner!);
            }
          }
        }
        expect([...found].sort(), `${tenant.id} (${status})`).toEqual([...acknowledged].sort());
      }
    }
  });

  it('give reasons a reviewer can check: each cites the constraint or the article behind it', () => {
    for (const reason of Object.values(TENANT_ACKNOWLEDGEMENTS)) {
      expect(reason.length).toBeGreaterThan(150);
      expect(reason).toMatch(/AI Act|S3 User Guide|Object Lock|Lambda/);
    }
  });
});
