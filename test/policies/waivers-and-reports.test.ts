import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { cloudFormation } from '../../policies/catalog/fixtures/cases.ts';
import type { FixtureCase } from '../../policies/catalog/fixtures/fixture-case.ts';
import { checkArtifacts, loadWaivers, parseWaivers, renderJson, renderJunit, renderSarif, renderText, RULES, type Waiver } from '../../policies/index.ts';
import type { Tenant } from '../../tenancy/index.ts';
import { exampleTenants } from '../support/example-tenants.ts';

/** demo-tenant, the fixtures' tenant, with the people of an example plan (u-100 is an innovator, u-300 a supervisor). */
const demo: Tenant = { ...exampleTenants().find((t) => t.id === 'diabetes-risk')!, id: 'demo-tenant' };
const plans = (id: string) => (id === 'demo-tenant' ? demo : undefined);
const ruleIds = RULES.map((r) => r.id);

// One error finding: SBX-NET-003 on EndpointSecurityGroup; one unknown: SBX-DATA-001 on DataBucket.
const broken: FixtureCase = cloudFormation('fail', 'open security group and an imported key', (t) => {
  t.Resources.EndpointSecurityGroup.Properties.SecurityGroupIngress.push({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' });
  t.Resources.DataBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID = { 'Fn::ImportValue': 'SharedKey' };
});
const artifact = { path: broken.file, content: broken.content };

function waiversYaml(entries: string): string {
  return `apiVersion: regulatory-sandbox/v1\nkind: GuardrailWaivers\nwaivers:\n${entries}`;
}
const VALID = [
  '  - rule: SBX-NET-003',
  '    tenant: demo-tenant',
  '    resource: EndpointSecurityGroup',
  '    reason: "SSH from the migration host during the February data load only"',
  '    approver: u-300',
  '    expires: 2027-02-28',
].join('\n');

function waivers(text: string): readonly Waiver[] {
  const result = parseWaivers('waivers.yaml', text, { tenants: plans, ruleIds });
  expect(result.issues).toEqual([]);
  return result.waivers;
}

describe('waivers', () => {
  it('ship as an empty, valid list in sandbox-templates/waivers.yaml', () => {
    expect(loadWaivers()).toEqual({ waivers: [], issues: [] });
  });

  it('keep a waived finding visible but out of the error count, naming approver and expiry', () => {
    const result = checkArtifacts([artifact], { waivers: waivers(waiversYaml(VALID)), today: '2027-02-01', tenants: () => undefined });
    const waived = result.findings.find((f) => f.ruleId === 'SBX-NET-003')!;
    expect(waived.waiver).toEqual({ reason: 'SSH from the migration host during the February data load only', approver: 'u-300', approverName: 'Pieter Jansen', expires: '2027-02-28' });
    expect(result.summary).toMatchObject({ errors: 0, waived: 1 });
    expect(result.waiversUsed.map((u) => [u.waiver.rule, u.findings])).toEqual([['SBX-NET-003', 1]]);
  });

  it('stop waiving the day after expiry, and say so', () => {
    const result = checkArtifacts([artifact], { waivers: waivers(waiversYaml(VALID)), today: '2027-03-01', tenants: () => undefined });
    const finding = result.findings.find((f) => f.ruleId === 'SBX-NET-003')!;
    expect(finding.waiver).toBeUndefined();
    expect(finding.expiredWaiver?.expires).toBe('2027-02-28');
    expect(finding.message).toMatch(/expired on 2027-02-28/);
    expect(result.summary).toMatchObject({ errors: 1, waived: 0 });
    expect(result.waiversExpired).toHaveLength(1);
    expect(renderText(result)).toMatch(/expired waiver: SBX-NET-003 demo-tenant EndpointSecurityGroup/);
  });

  it('may run until the last day of the plan’s period, and no longer, saying why', () => {
    expect(waivers(waiversYaml(VALID.replace('2027-02-28', demo.period.end)))).toHaveLength(1);
    const after = parseWaivers('waivers.yaml', waiversYaml(VALID.replace('2027-02-28', '2099-12-31')), { tenants: plans, ruleIds });
    expect(after.issues).toEqual([{ file: 'waivers.yaml', path: 'waivers[0].expires', message: `2099-12-31 is after the end of the sandbox period of demo-tenant (${demo.period.end}); a waiver expires on or before the last day of the plan` }]);
  });

  it.each([
    ['no reason', VALID.replace(/ {4}reason: .*\n/, ''), 'waivers[0].reason'],
    ['a one-word reason', VALID.replace(/reason: .*/, 'reason: ok'), 'waivers[0].reason'],
    ['no approver', VALID.replace(/ {4}approver: .*\n/, ''), 'waivers[0].approver'],
    ['no expiry', VALID.replace(/\n {4}expires: .*/, ''), 'waivers[0].expires'],
    ['a date that does not exist', VALID.replace('2027-02-28', '2027-02-30'), 'waivers[0].expires'],
    ['an approver who is not in the plan', VALID.replace('u-300', 'u-999'), 'waivers[0].approver'],
    ['the innovator approving their own exception', VALID.replace('u-300', 'u-100'), 'waivers[0].approver'],
    ['a rule that does not exist', VALID.replace('SBX-NET-003', 'SBX-NET-999'), 'waivers[0].rule'],
    ['a tenant without a plan', VALID.replace('demo-tenant', 'no-such-tenant'), 'waivers[0].tenant'],
    ['an unknown field', `${VALID}\n    owner: someone`, 'waivers[0]'],
    ['the same waiver twice', `${VALID}\n${VALID}`, 'waivers[1]'],
    ['an expiry after the end of the plan’s period', VALID.replace('2027-02-28', '2099-12-31'), 'waivers[0].expires'],
  ])('are rejected with the field named when they have %s', (_what, entries, path) => {
    const result = parseWaivers('sandbox-templates/waivers.yaml', waiversYaml(entries), { tenants: plans, ruleIds });
    expect(result.waivers).toEqual([]);
    expect(result.issues.map((i) => i.path)).toContain(path);
    expect(result.issues.every((i) => i.file === 'sandbox-templates/waivers.yaml' && i.message.length > 5)).toBe(true);
  });

  it('reject a file of the wrong kind or broken YAML', () => {
    expect(parseWaivers('w.yaml', 'apiVersion: regulatory-sandbox/v1\nkind: SandboxPlan\nwaivers: []\n', { tenants: plans, ruleIds }).issues[0]!.path).toBe('kind');
    expect(parseWaivers('w.yaml', 'waivers: [\n', { tenants: plans, ruleIds }).issues[0]!.message).toMatch(/not valid YAML/);
  });
});

describe('reports', () => {
  const result = checkArtifacts([artifact], { waivers: waivers(waiversYaml(VALID)), today: '2027-02-01', tenants: () => undefined });

  it('json: the ARCHITECTURE.md shape, plus the added fields', () => {
    const report = JSON.parse(renderJson(result));
    expect(Object.keys(report.summary)).toEqual(expect.arrayContaining(['errors', 'warnings']));
    for (const f of report.findings) {
      expect(f).toEqual(expect.objectContaining({ ruleId: expect.any(String), severity: expect.stringMatching(/^(error|warning|note)$/), file: broken.file, resource: expect.any(String), message: expect.any(String), references: expect.any(Array) }));
      expect(f.references.length).toBeGreaterThan(0);
    }
    const unknown = report.findings.find((f: { outcome: string }) => f.outcome === 'UNKNOWN');
    expect(unknown).toMatchObject({ ruleId: 'SBX-DATA-001', severity: 'note', resource: 'DataBucket', path: expect.stringContaining('KMSMasterKeyID') });
    expect(unknown.message).toMatch(/Fn::ImportValue/);
    expect(report.findings.find((f: { ruleId: string }) => f.ruleId === 'SBX-NET-003')).toMatchObject({ waived: true, path: 'Properties.SecurityGroupIngress[1].CidrIp' });
    expect(report.summary).toEqual({ errors: 0, warnings: 0, notes: 1, unknown: 1, waived: 1 });
  });

  it('sarif: 2.1.0 with every rule, help, legal references as taxonomies, suppressions for waivers', () => {
    const log = JSON.parse(renderSarif(result)) as Log;
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const r of rules) {
      expect(r.help?.text.length).toBeGreaterThan(10);
      expect(r.fullDescription?.text.length).toBeGreaterThan(40);
      for (const rel of r.relationships ?? []) {
        const taxonomy = run.taxonomies!.find((t) => t.name === rel.target.toolComponent?.name);
        expect(taxonomy?.taxa?.map((t) => t.id)).toContain(rel.target.id);
      }
      expect(r.relationships!.length).toBeGreaterThan(0);
    }
    expect(run.taxonomies!.map((t) => t.name)).toEqual(expect.arrayContaining(['AI Act', 'EHDS', 'GDPR']));
    for (const res of run.results!) expect(rules[res.ruleIndex!]!.id).toBe(res.ruleId);
    const waived = run.results!.find((r) => r.ruleId === 'SBX-NET-003')!;
    expect(waived.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: expect.stringMatching(/Pieter Jansen.*2027-02-28/) }]);
    expect(waived.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(broken.file);
    expect(waived.locations![0]!.physicalLocation!.region!.startLine).toBeGreaterThan(1);
    expect(waived.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toBe('EndpointSecurityGroup.Properties.SecurityGroupIngress[1].CidrIp');
    const unknown = run.results!.find((r) => r.ruleId === 'SBX-DATA-001')!;
    expect(unknown).toMatchObject({ level: 'note', kind: 'review' });
  });

  it('junit: a suite per artifact, a case per rule; waived and unknown findings listed, not failed', () => {
    const xml = renderJunit(result);
    const cases = xml.match(/<testcase /g)!.length;
    expect(cases).toBe(result.runs.length);
    expect(xml).toMatch(/<testsuites name="sandbox check" tests="\d+" failures="0"/);
    expect(xml).toMatch(/waived until 2027-02-28 EndpointSecurityGroup/);
    const failing = checkArtifacts([artifact], { tenants: () => undefined });
    expect(renderJunit(failing)).toMatch(/<failure message="1 finding\(s\)" type="error">error EndpointSecurityGroup Properties.SecurityGroupIngress\[1\].CidrIp/);
    expect(xml.match(/<testcase/g)!.length).toBe((xml.match(/<\/testcase>|\/>/g) ?? []).length);
  });

  it('text: file, rule, resource, path, message and legal references, then a summary', () => {
    const text = renderText(checkArtifacts([artifact], { tenants: () => undefined }));
    expect(text).toContain(broken.file);
    expect(text).toMatch(/error\s+SBX-NET-003 {2}EndpointSecurityGroup Properties\.SecurityGroupIngress\[1\]\.CidrIp \(line \d+\)/);
    expect(text).toMatch(/supports AI Act Art\. 59\(1\)\(d\)/);
    expect(text).toMatch(/1 error\(s\), 0 warning\(s\), 1 note\(s\) \(1 unknown\), 0 waived\n$/);
  });
});
