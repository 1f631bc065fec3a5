import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, RemovalPolicy, Stack, Validations, aws_s3 as s3 } from 'aws-cdk-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { guardrailValidationPlugin, toReport } from '../../policies/adapters/cdk-validation-plugin.ts';
import { checkArtifacts } from '../../policies/index.ts';
import { cloudFormation } from '../../policies/catalog/fixtures/cases.ts';
import { tenantBlueprint } from '../../stacks/blueprint/index.ts';
import { createSandboxApp, SandboxPlatformStack, SandboxTenantStack } from '../../stacks/aws/index.ts';
import { exampleTenants } from '../support/example-tenants.ts';

/** The catalog inside `cdk synth`: it fails the synth on an error finding and reports in CDK's own validation report. */
const dirs: string[] = [];
const outdir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdk-guardrails-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the guardrail validation plugin', () => {
  it('lets the example tenants and the platform stack synthesize', () => {
    const app = createSandboxApp({ complianceChecks: false, outdir: outdir() });
    Validations.of(app).addPlugins(guardrailValidationPlugin());
    for (const tenant of exampleTenants()) new SandboxTenantStack(app, { blueprint: tenantBlueprint(tenant) });
    new SandboxPlatformStack(app);
    expect(() => app.synth()).not.toThrow();
  });

  it('fails a plain synth on error findings, which land in CDK’s validation report', () => {
    const dir = outdir();
    const app = new App({ outdir: dir });
    Validations.of(app).addPlugins(guardrailValidationPlugin());
    const stack = new Stack(app, 'Sandbox-demo-tenant', { env: { region: 'us-east-1' } });
    new s3.Bucket(stack, 'Unguarded');
    expect(() => app.synth()).toThrow(/eu-ai-sandbox-guardrails/);
    const report = JSON.parse(readFileSync(path.join(dir, 'validation-report.json'), 'utf8'));
    type Violation = { ruleName: string; violatingConstructs: { constructPath: string; cloudFormationResource: { logicalId: string; propertyPaths: string[] } }[] };
    const ours = (report.pluginReports as { pluginName: string; conclusion: string; violations: Violation[] }[]).find((r) => r.pluginName === 'eu-ai-sandbox-guardrails')!;
    expect(ours.conclusion).toBe('failure');
    const rules = ours.violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['SBX-DATA-001', 'SBX-DATA-003', 'SBX-DATA-004', 'SBX-DATA-006', 'SBX-RES-001', 'SBX-TAG-001']));
    const encryption = ours.violations.find((v) => v.ruleName === 'SBX-DATA-001')!;
    const where = encryption.violatingConstructs[0]!;
    expect(where.constructPath).toBe('Sandbox-demo-tenant/Unguarded/Resource');
    expect(where.cloudFormationResource.logicalId).toMatch(/^Unguarded/);
    expect(where.cloudFormationResource.propertyPaths).toEqual(['Properties.BucketEncryption']);
  });

  it('checks a template with a CDK custom resource (autoDeleteObjects) instead of passing it by', () => {
    const dir = outdir();
    const app = new App({ outdir: dir });
    Validations.of(app).addPlugins(guardrailValidationPlugin());
    const stack = new Stack(app, 'Sandbox-demo-tenant', { env: { region: 'us-east-1' } });
    new s3.Bucket(stack, 'Unguarded', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    expect(() => app.synth()).toThrow(/eu-ai-sandbox-guardrails/);
    const report = JSON.parse(readFileSync(path.join(dir, 'validation-report.json'), 'utf8'));
    const ours = (report.pluginReports as { pluginName: string; violations: { ruleName: string }[] }[]).find((r) => r.pluginName === 'eu-ai-sandbox-guardrails')!;
    expect(ours.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['SBX-DATA-001', 'SBX-RES-001']));
  });

  it('fails on a template it cannot recognise, naming it, rather than skipping it', () => {
    const report = toReport(checkArtifacts([{ path: 'cdk.out/Odd.template.json', content: JSON.stringify({ Resources: { Odd: { Type: 'Custom' }, Igw: { Type: 'AWS::EC2::InternetGateway' } } }) }], { tenants: () => undefined }));
    expect(report.success).toBe(false);
    expect(report.violations).toEqual([expect.objectContaining({ ruleName: 'readable-template', severity: 'error', description: expect.stringMatching(/Resources\.Odd \(Type "Custom"\) is no CloudFormation resource/) })]);
  });

  it('succeeds when only notes remain: an UNKNOWN is reported as info, not as an error', () => {
    const fixture = cloudFormation('fail', 'imported key', (t) => {
      t.Resources.DataBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID = { 'Fn::ImportValue': 'K' };
    });
    const report = toReport(checkArtifacts([{ path: fixture.file, content: fixture.content }], { tenants: () => undefined }));
    expect(report.success).toBe(true);
    expect(report.violations.map((v) => [v.ruleName, v.severity])).toEqual([['SBX-DATA-001', 'info']]);
  });
});
