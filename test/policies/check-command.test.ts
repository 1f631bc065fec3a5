import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../bin/cli-error.ts';
import { registerCheckCommands } from '../../bin/commands/check.ts';
import { cloudFormation, kubernetes, terraform } from '../../policies/catalog/fixtures/cases.ts';

/** `sandbox check` end to end (in process): formats, exit codes 0 / 1 / 2, and its messages. */
async function sandbox(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('sandbox').exitOverride();
  registerCheckCommands(program);
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  try {
    process.exitCode = undefined;
    await program.parseAsync(['node', 'sandbox', 'check', ...args]);
    return { code: typeof process.exitCode === 'number' ? process.exitCode : 0, out, err: '' };
  } catch (error) {
    if (error instanceof CliError) return { code: error.exitCode, out, err: error.message };
    throw error;
  } finally {
    write.mockRestore();
    process.exitCode = undefined;
  }
}

let dir: string;
const file = (name: string, content: string) => {
  const full = path.join(dir, name);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
};

/** The platform writes its service control policy beside the template: a policy document, no artifact. */
const SCP = { Version: '2012-10-17', Statement: [{ Sid: 'KeepLogs', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }] };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sandbox-check-'));
  file('clean/demo-tenant/aws/Sandbox-demo-tenant.template.json', cloudFormation('pass', 'baseline').content);
  file('clean/demo-tenant/terraform/cdk.tf.json', terraform('pass', 'baseline').content);
  file('clean/demo-tenant/kubernetes/manifests.yaml', kubernetes('pass', 'baseline').content);
  file('clean/demo-tenant/terraform/backend.tf.example', 'terraform { backend "s3" {} }');
  file('clean/demo-tenant/data/manifest.json', '{"files": []}');
  file('loose/Sandbox-demo-tenant.template.json', cloudFormation('pass', 'baseline').content);
  file('loose/manifest.json', '{"files": []}');
  // A build directory as synth, run and export leave it: only the artifact folders are artifacts.
  file('project/build/demo-tenant/aws/Sandbox-demo-tenant.template.json', cloudFormation('pass', 'baseline').content);
  file('project/build/demo-tenant/terraform/cdk.tf.json', terraform('pass', 'baseline').content);
  file('project/build/demo-tenant/kubernetes/manifests.yaml', kubernetes('pass', 'baseline').content);
  file('project/build/demo-tenant/fingerprint.json', '{"tenant": "demo-tenant", "fingerprint": "0", "files": {}}');
  file('project/build/demo-tenant/runs/r-1/output/partial.json', '{"predictions": [0.1, 0.');
  file('project/build/demo-tenant/runs/r-1/output/model.template.json', cloudFormation('fail', 'open', (t) => { t.Resources.Subnet.Properties.MapPublicIpOnLaunch = true; }).content);
  file('project/build/demo-tenant/exports/x-1/results/stack.yaml', 'Resources:\n  Igw:\n    Type: AWS::EC2::InternetGateway\n');
  file('project/build/demo-tenant/data/diabetes-cohort-nl/cohort.yaml', 'Resources: [');
  file('project/build/platform/aws/SandboxPlatform.template.json', JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Scp: { Type: 'AWS::Organizations::Policy', Properties: { Name: 'scp', Type: 'SERVICE_CONTROL_POLICY', Content: SCP } } } }));
  file('project/build/platform/aws/service-control-policy.json', JSON.stringify(SCP));
  file('project/build/notes.yaml', 'Resources: [');
  file('broken/demo-tenant/aws/Sandbox-demo-tenant.template.json', cloudFormation('fail', 'open', (t) => { t.Resources.Subnet.Properties.MapPublicIpOnLaunch = true; }).content);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A tenant build directory as synth leaves it, with `change` applied to its three artifacts. */
function buildDir(name: string, change: { aws?: string; terraform?: string; kubernetes?: string; extra?: Record<string, string> }): string {
  const root = `odd/${name}/build/demo-tenant`;
  file(`${root}/aws/Sandbox-demo-tenant.template.json`, change.aws ?? cloudFormation('pass', 'baseline').content);
  file(`${root}/terraform/cdk.tf.json`, change.terraform ?? terraform('pass', 'baseline').content);
  file(`${root}/kubernetes/manifests.yaml`, change.kubernetes ?? kubernetes('pass', 'baseline').content);
  file(`${root}/fingerprint.json`, '{"tenant": "demo-tenant", "fingerprint": "0", "files": {}}');
  for (const [rel, content] of Object.entries(change.extra ?? {})) file(`${root}/${rel}`, content);
  return path.join(dir, `odd/${name}/build`);
}

/** The baseline template as CDK writes it: no AWSTemplateFormatVersion, and a custom resource (autoDeleteObjects). */
const cdkTemplate = (extra: Record<string, unknown> = {}) =>
  cloudFormation('pass', 'cdk', (t) => {
    delete t.AWSTemplateFormatVersion;
    t.Resources.AutoDelete = { Type: 'Custom::S3AutoDeleteObjects', Properties: { ServiceToken: 'arn:aws:lambda:eu-central-1:111111111111:function:f', BucketName: { Ref: 'DataBucket' } } };
    Object.assign(t.Resources, extra);
  }).content;

const strayDocument = `${kubernetes('pass', 'baseline').content}---\nnote: not a Kubernetes object\n`;

describe('sandbox check on artifacts that cannot be recognised: refused, never skipped', () => {
  it('checks a CDK template with a custom resource and no AWSTemplateFormatVersion, found in a build directory', async () => {
    const clean = await sandbox(buildDir('cdk-clean', { aws: cdkTemplate() }));
    expect(clean.err).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/3 artifact\(s\)/);
    const open = await sandbox(buildDir('cdk-open', { aws: cdkTemplate({ Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} } }) }), '--format', 'json');
    expect(open.code).toBe(1);
    expect(JSON.parse(open.out).findings.map((f: { ruleId: string; resource: string }) => `${f.ruleId} ${f.resource}`)).toContain('SBX-NET-001 Igw');
  });

  it('checks a named template whose only odd resource is AWS::CloudFormation::CustomResource or Custom::X', async () => {
    const named = file('named/cr.json', JSON.stringify({ Resources: { Igw: { Type: 'AWS::EC2::InternetGateway' }, Cr: { Type: 'Custom::AutoDelete' }, Cr2: { Type: 'AWS::CloudFormation::CustomResource' } } }));
    const r = await sandbox(named, '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('SBX-NET-001');
  });

  it('reads a manifest saved with a UTF-8 byte order mark', async () => {
    const bom = `\uFEFF${kubernetes('fail', 'privileged', (o) => { o.find((x) => x.kind === 'Job')!.spec.template.spec.containers[0].securityContext.privileged = true; }).content}`;
    const r = await sandbox(buildDir('bom', { kubernetes: bom }), '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('SBX-K8S-018');
  });

  it.each([
    ['a manifest with one document that is no Kubernetes object, in a build directory', () => buildDir('stray', { kubernetes: strayDocument }), /manifests\.yaml: holds Kubernetes manifests, but document \d+ \(line \d+\) of \d+ is no Kubernetes object/],
    ['the same manifest found in any directory', () => path.dirname(file('loose-stray/manifests.yaml', strayDocument)), /manifests\.yaml: holds Kubernetes manifests, but document \d+ \(line \d+\)/],
    ['a template with a resource type CloudFormation does not have', () => buildDir('bad-type', { aws: cdkTemplate({ Odd: { Type: 'Custom' } }) }), /Sandbox-demo-tenant\.template\.json: looks like a CloudFormation template, but Resources\.Odd \(Type "Custom"\) is no CloudFormation resource/],
    ['JSON that is no artifact in an artifact folder of a build directory', () => buildDir('foreign', { extra: { 'aws/notes.json': '{"owner": "someone"}' } }), /aws\/notes\.json: is neither a CloudFormation template, Terraform JSON nor Kubernetes manifests, yet it sits in an artifact folder of a build directory/],
    ['YAML with a key given twice', () => [file('dup.yaml', 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::EC2::InternetGateway\n')], /dup\.yaml: not valid YAML \(line 4\): Map keys must be unique/],
  ])('exits 2 on %s, naming the file and what is wrong', async (_what, given, message) => {
    const args = given();
    const r = await sandbox(...(Array.isArray(args) ? args : [args]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('still skips, and lists, the platform’s policy document beside its template', async () => {
    const r = await sandbox(path.join(dir, 'project/build'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/skipped 1 JSON\/YAML file\(s\) that are no artifact \(.*service-control-policy\.json\)/);
  });
});
afterEach(() => vi.restoreAllMocks());

describe('sandbox check', () => {
  it('exits 0 on a directory of compliant artifacts in all three formats', async () => {
    const r = await sandbox(path.join(dir, 'clean'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 artifact\(s\), \d+ resources checked: 0 error\(s\)/);
    expect(r.out).not.toMatch(/backend\.tf\.example|manifest\.json/);
  });

  it('skips, and lists, JSON or YAML that is no artifact in a directory that is no build directory', async () => {
    const r = await sandbox(path.join(dir, 'loose'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 artifact\(s\)/);
    expect(r.out).toMatch(/skipped 1 JSON\/YAML file\(s\) that are no artifact \(.*manifest\.json\)/);
  });

  it.each([
    ['the build directory', 'project/build', 4],
    ['a tenant’s build directory', 'project/build/demo-tenant', 3],
    ['a directory holding the build directory', 'project', 4],
  ])('reads only the artifact folders of %s, never runs, exports or datasets', async (_what, given, artifacts) => {
    const r = await sandbox(path.join(dir, given), '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).summary.errors).toBe(0);
    const text = await sandbox(path.join(dir, given));
    expect(text.out).toMatch(new RegExp(`${artifacts} artifact\\(s\\)`));
    expect(text.out).not.toMatch(/runs|exports|cohort|notes\.yaml/);
  });

  it('still checks a file of a run when it is named explicitly', async () => {
    const judged = await sandbox(path.join(dir, 'project/build/demo-tenant/runs/r-1/output/model.template.json'));
    expect(judged.code).toBe(1);
    const truncated = await sandbox(path.join(dir, 'project/build/demo-tenant/runs/r-1/output/partial.json'));
    expect(truncated.code).toBe(2);
    expect(truncated.err).toMatch(/partial\.json/);
  });

  it('exits 1 with error findings, naming file, resource and property path', async () => {
    const r = await sandbox(path.join(dir, 'broken'), '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.summary.errors).toBe(1);
    expect(report.findings[0]).toMatchObject({ ruleId: 'SBX-NET-002', resource: 'Subnet', path: 'Properties.MapPublicIpOnLaunch', file: expect.stringMatching(/broken\/demo-tenant\/aws\/Sandbox-demo-tenant\.template\.json$/) });
  });

  it('prints SARIF and JUnit on request', async () => {
    const sarif = await sandbox(path.join(dir, 'broken'), '--format', 'sarif');
    expect(JSON.parse(sarif.out).version).toBe('2.1.0');
    const junit = await sandbox(path.join(dir, 'broken'), '--format', 'junit');
    expect(junit.out).toMatch(/^<\?xml/);
    expect(junit.code).toBe(1);
  });

  it.each([
    ['a path that does not exist', () => [path.join(dir, 'nowhere')], /nowhere: does not exist/],
    ['a named file that is not an artifact', () => [file('plan.yaml', 'apiVersion: regulatory-sandbox/v1\nkind: SandboxPlan\n')], /plan\.yaml: is neither a CloudFormation template/],
    ['a file that does not parse', () => [file('bad.template.json', '{"Resources": {')], /bad\.template\.json: not valid JSON/],
    ['a directory without artifacts', () => [path.join(dir, 'clean/demo-tenant/data')], /contains no CloudFormation, Terraform JSON or Kubernetes YAML file/],
    ['an unknown report format', () => [path.join(dir, 'clean'), '--format', 'xml'], /--format: "xml" is not a report format/],
    ['a date that is not one', () => [path.join(dir, 'clean'), '--today', '31-12-2027'], /--today/],
    ['an invalid waivers file', () => [path.join(dir, 'clean'), '--waivers', file('w.yaml', 'apiVersion: regulatory-sandbox/v1\nkind: GuardrailWaivers\nwaivers:\n  - rule: SBX-NET-002\n')], /w\.yaml: waivers\[0\]\.tenant: is required/],
  ])('exits 2 on %s, with a message and no stack trace', async (_what, args, message) => {
    const r = await sandbox(...args());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });
});
