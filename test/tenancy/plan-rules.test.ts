import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSchema, validatePlanFile, validatePlanText, type PlanIssue } from '../../tenancy/index.ts';
import { TENANTS_DIR } from '../../tenancy/paths.ts';
import { basePlan, tempDir, writePlan } from './plan-fixtures.ts';

function issuesOf(mutate: (plan: any) => void, name?: string): PlanIssue[] {
  const plan = basePlan();
  mutate(plan);
  const result = validatePlanFile(writePlan(plan, name ?? plan.metadata?.id ?? 'diabetes-risk'));
  return result.ok ? [] : [...result.issues];
}

function expectIssue(issues: PlanIssue[], path: string, rule: string, text?: RegExp): void {
  const found = issues.find((i) => i.path === path && i.rule === rule);
  expect(found, `expected ${rule} at ${path}, got ${JSON.stringify(issues)}`).toBeDefined();
  if (text) expect(found!.message).toMatch(text);
  expect(found!.file).toMatch(/\.yaml$/);
}

describe('a valid plan', () => {
  it('is accepted from any directory on disk, with profiles resolved from the project', () => {
    const result = validatePlanFile(writePlan(basePlan()));
    expect(result.ok).toBe(true);
  });

  it('accepts dates quoted or unquoted, and as Date values', () => {
    const yamlText = `apiVersion: regulatory-sandbox/v1\nkind: SandboxPlan\nmetadata: { id: diabetes-risk, participant: X B.V. }\nspec:\n  profile: tabular-ml\n  purpose: "p"\n  publicInterest: public-health\n  riskClass: high\n  medicalDeviceClass: IIa\n  region: eu-central-1\n  period:\n    start: 2027-01-04\n    end: "2027-06-30"\n  people:\n    - { id: u-1, name: A, role: innovator, email: a@x.example }\n    - { id: u-2, name: B, role: data-steward, email: b@x.example }\n`;
    const fromYaml = validatePlanText('/tmp/diabetes-risk.yaml', yamlText);
    expect(fromYaml.ok && fromYaml.plan.tenant.period).toEqual({ start: '2027-01-04', end: '2027-06-30' });
    // A caller (or YAML 1.1 tooling) handing over Date objects gets the same calendar dates.
    const withDates = planSchema.safeParse({ ...basePlan(), spec: { ...basePlan().spec, period: { start: new Date('2027-01-04T00:00:00Z'), end: new Date('2027-06-30T00:00:00Z') } } });
    expect(withDates.success && withDates.data.spec.period).toEqual({ start: '2027-01-04', end: '2027-06-30' });
  });
});

describe('shape rules name the field path and the rule', () => {
  it('rejects an unknown apiVersion', () => {
    expectIssue(issuesOf((p) => (p.apiVersion = 'regulatory-sandbox/v9')), 'apiVersion', 'known-api-version', /regulatory-sandbox\/v1/);
  });

  it('rejects an unknown kind', () => {
    expectIssue(issuesOf((p) => (p.kind = 'Plan')), 'kind', 'known-kind', /^must be SandboxPlan \(got "Plan"\)$/);
  });

  it('rejects a person id that breaks the pattern, naming the index', () => {
    const issues = issuesOf((p) => (p.spec.people[2].id = 'U 1'));
    expect(issues).toHaveLength(1);
    expectIssue(issues, 'spec.people[2].id', 'person-id-pattern', /^must match .*at most 20 characters\) \(got "U 1"\)$/);
  });

  it('rejects an id that breaks the pattern', () => {
    expectIssue(issuesOf((p) => (p.metadata.id = 'Diabetes_Risk'), 'diabetes-risk'), 'metadata.id', 'id-pattern');
  });

  it('rejects an id that differs from the file name', () => {
    expectIssue(issuesOf((p) => (p.metadata.id = 'other-name'), 'diabetes-risk'), 'metadata.id', 'id-matches-file-name', /file is named diabetes-risk\.yaml/);
  });

  it('rejects reserved ids', () => {
    expectIssue(issuesOf((p) => (p.metadata.id = 'platform'), 'platform'), 'metadata.id', 'id-not-reserved');
  });

  it.each(['eu-west-2', 'eu-central-2', 'us-east-1', 'EU-CENTRAL-1'])('rejects the non-EU region %s', (region) => {
    expectIssue(issuesOf((p) => (p.spec.region = region)), 'spec.region', 'eu-region', /inside the EU/);
  });

  it('rejects an unknown role, naming the index', () => {
    expectIssue(issuesOf((p) => (p.spec.people[1].role = 'admin')), 'spec.people[1].role', 'known-role', /innovator, data-steward, supervisor, platform-engineer/);
  });

  it('rejects unknown keys and suggests the likely one', () => {
    const issues = issuesOf((p) => {
      p.spec.stauts = 'active';
      p.spec.people[0].phone = '0612345678';
    });
    expectIssue(issues, 'spec.stauts', 'unknown-field', /did you mean "status"/);
    expectIssue(issues, 'spec.people[0].phone', 'unknown-field');
  });

  it.each([
    ['riskClass', 'unacceptable', 'known-risk-class'],
    ['medicalDeviceClass', 'IV', 'known-medical-device-class'],
    ['publicInterest', 'marketing', 'known-public-interest'],
    ['status', 'paused', 'known-status'],
  ])('rejects spec.%s = %s', (field, value, rule) => {
    expectIssue(issuesOf((p) => (p.spec[field] = value)), `spec.${field}`, rule);
  });

  it('rejects a missing required field as required', () => {
    expectIssue(issuesOf((p) => delete p.spec.purpose), 'spec.purpose', 'required');
  });

  it('rejects impossible dates', () => {
    expectIssue(issuesOf((p) => (p.spec.period.end = '2027-02-30')), 'spec.period.end', 'date-format', /real calendar date/);
  });

  it.each([
    ['cpu', 0],
    ['memoryGiB', -4],
    ['storageGiB', 0],
  ])('rejects compute.%s = %s', (field, value) => {
    expectIssue(issuesOf((p) => (p.spec.compute[field] = value)), `spec.compute.${field}`, 'range');
  });

  it('rejects a fractional GPU count', () => {
    expectIssue(issuesOf((p) => (p.spec.compute.gpu = 0.5)), 'spec.compute.gpu', 'type');
  });
});

describe('semantic rules', () => {
  it('requires period.end after period.start', () => {
    expectIssue(issuesOf((p) => (p.spec.period = { start: '2027-06-30', end: '2027-06-30' })), 'spec.period.end', 'period-order');
  });

  it('allows exactly 24 months and rejects a day more', () => {
    expect(issuesOf((p) => (p.spec.period = { start: '2027-01-04', end: '2029-01-04' }))).toEqual([]);
    expectIssue(issuesOf((p) => (p.spec.period = { start: '2027-01-04', end: '2029-01-05' })), 'spec.period.end', 'period-max-length', /2029-01-04/);
  });

  it('requires the profile to exist in sandbox-templates/profiles', () => {
    expectIssue(issuesOf((p) => (p.spec.profile = 'tabular')), 'spec.profile', 'known-profile', /tabular-ml/);
  });

  it('requires each dataset profile to exist', () => {
    expectIssue(issuesOf((p) => (p.spec.datasets[0].profile = 'no-such-cohort')), 'spec.datasets[0].profile', 'known-dataset-profile', /"no-such-cohort".*known: .*diabetes-cohort-nl/);
  });

  it('requires each dataset profile to be allowed by the plan\'s profile', () => {
    // discharge-letters-nl exists, but tabular-ml allows only diabetes-cohort-nl and ed-triage-nl
    const issues = issuesOf((p) => (p.spec.datasets[0].profile = 'discharge-letters-nl'));
    expect(issues.map((i) => i.rule)).toEqual(['dataset-allowed-by-profile']);
    expectIssue(issues, 'spec.datasets[0].profile', 'dataset-allowed-by-profile', /^"discharge-letters-nl" is not allowed by profile tabular-ml \(allowed: diabetes-cohort-nl, ed-triage-nl\)$/);
  });

  it('rejects the same dataset profile twice', () => {
    expectIssue(issuesOf((p) => p.spec.datasets.push({ ...p.spec.datasets[0], seed: 8 })), 'spec.datasets[1].profile', 'unique-dataset-profile');
  });

  it('requires a justification for non-synthetic data (AI Act Art. 59(1)(b))', () => {
    expectIssue(issuesOf((p) => (p.spec.datasets[0].classification = 'pseudonymised')), 'spec.datasets[0].justification', 'justification-required', /59\(1\)\(b\)/);
    expect(issuesOf((p) => Object.assign(p.spec.datasets[0], { classification: 'anonymised', justification: 'Validated k-anonymous extract needed for calibration' }))).toEqual([]);
  });

  it('requires unique person ids and e-mail addresses', () => {
    const issues = issuesOf((p) => p.spec.people.push({ ...p.spec.people[0], role: 'supervisor' }));
    expectIssue(issues, 'spec.people[5].id', 'unique-person-id', /spec\.people\[0\]/);
    expectIssue(issues, 'spec.people[5].email', 'unique-person-email');
  });

  it('requires an innovator and a data steward (the airlock needs two people)', () => {
    const issues = issuesOf((p) => (p.spec.people = p.spec.people.filter((x: any) => x.role !== 'data-steward' && x.role !== 'innovator')));
    expectIssue(issues, 'spec.people', 'innovator-required');
    expectIssue(issues, 'spec.people', 'data-steward-required');
  });

  it('requires compute within the profile limits', () => {
    const issues = issuesOf((p) => Object.assign(p.spec.compute, { cpu: 64, gpu: 1 }));
    expectIssue(issues, 'spec.compute.cpu', 'compute-within-profile', /\(64\).*\(32\)/);
    expectIssue(issues, 'spec.compute.gpu', 'compute-within-profile');
  });

  it('requires high risk for medical devices of class IIa and up', () => {
    expectIssue(issuesOf((p) => (p.spec.riskClass = 'limited')), 'spec.riskClass', 'device-class-high-risk');
  });
});

/** The issues of a plan written as raw text in a file named diabetes-risk.yaml. */
function issuesOfText(text: string, name = 'diabetes-risk'): PlanIssue[] {
  const result = validatePlanFile(writePlan(text, name));
  return result.ok ? [] : [...result.issues];
}

const BASE_TEXT = readFileSync(path.join(TENANTS_DIR, 'diabetes-risk.yaml'), 'utf8');

/** The example plan with one line's text replaced, as a hand edit would. */
function issuesOfEdit(from: string | RegExp, to: string): PlanIssue[] {
  const edited = BASE_TEXT.replace(from, to);
  expect(edited).not.toBe(BASE_TEXT);
  return issuesOfText(edited);
}

describe('a value of the wrong shape gets one plain error and nothing more', () => {
  it.each([
    ['', 'got nothing'],
    ['# only a comment\n', 'got nothing'],
    ['~\n', 'got null'],
    ['- a list\n', 'got a list'],
    ['just words\n', 'got "just words"'],
  ])('a file containing %j', (text, got) => {
    const issues = issuesOfText(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.rule).toBe('file-shape');
    expect(issues[0]!.message).toBe(`the file must be a mapping with the fields apiVersion, kind, metadata, spec (${got})`);
  });

  it('spec: 5 is one error at spec, with no guess about the profile inside it', () => {
    const issues = issuesOfText('apiVersion: regulatory-sandbox/v1\nkind: SandboxPlan\nmetadata: { id: x-y-z, participant: P }\nspec: 5\n', 'x-y-z');
    expect(issues).toEqual([{ file: expect.stringMatching(/x-y-z\.yaml$/), path: 'spec', rule: 'type', message: 'must be a mapping of fields (got 5)', line: 4 }]);
  });

  it('metadata: 5 does not also claim the id differs from the file name', () => {
    const issues = issuesOfEdit(/^metadata:\n  id: .*\n  participant: .*\n/m, 'metadata: 5\n');
    expect(issues.map((i) => [i.path, i.rule, i.message])).toEqual([['metadata', 'type', 'must be a mapping of fields (got 5)']]);
  });

  it('a dataset that is not a mapping does not also name dataset profile "undefined"', () => {
    const issues = issuesOfEdit(/- \{ profile: diabetes-cohort-nl.*\}/, '- 5');
    expect(issues.map((i) => [i.path, i.rule, i.message])).toEqual([['spec.datasets[0]', 'type', 'must be a mapping of fields (got 5)']]);
  });

  it('people: ~ is "a list of people (got null)", without the airlock rules piling on', () => {
    const issues = issuesOf((p) => (p.spec.people = null));
    expect(issues.map((i) => [i.path, i.rule, i.message])).toEqual([['spec.people', 'type', 'must be a list of people (got null)']]);
  });

  it('gpu: null says null, not a mapping', () => {
    const issues = issuesOf((p) => (p.spec.compute.gpu = null));
    expect(issues.map((i) => [i.path, i.message])).toEqual([['spec.compute.gpu', 'must be a whole number of GPUs (got null)']]);
  });

  it('a list where a mapping belongs, and the reverse, in plain words', () => {
    const issues = issuesOf((p) => {
      p.spec.compute = [8, 32];
      p.spec.datasets = { profile: 'diabetes-cohort-nl' };
    });
    expectIssue(issues, 'spec.compute', 'type', /^must be a mapping of fields \(got a list\)$/);
    expectIssue(issues, 'spec.datasets', 'type', /^must be a list of datasets \(got a mapping\)$/);
    expect(issues).toHaveLength(2);
  });

  it('a date that is neither YYYY-MM-DD nor a real day is one error, not two', () => {
    const issues = issuesOf((p) => (p.spec.period.end = '2027/06/31'));
    expect(issues.map((i) => [i.path, i.rule, i.message])).toEqual([['spec.period.end', 'date-format', 'must be a date written YYYY-MM-DD (got "2027/06/31")']]);
  });

  it('malformed roles are named once; whether an innovator is missing is left until they are fixed', () => {
    const issues = issuesOf((p) => {
      p.spec.people[0].role = 5;
      p.spec.people[1].role = 'boss';
    });
    expect(issues.map((i) => [i.path, i.rule])).toEqual([
      ['spec.people[0].role', 'known-role'],
      ['spec.people[1].role', 'known-role'],
    ]);
  });

  it('rules whose fields are sound still run beside a shape problem elsewhere', () => {
    const issues = issuesOf((p) => {
      p.spec.compute = 'big';
      p.spec.riskClass = 'limited';
      p.spec.datasets[0].profile = 'discharge-letters-nl';
    });
    expect(issues.map((i) => i.rule).sort()).toEqual(['dataset-allowed-by-profile', 'device-class-high-risk', 'type']);
  });
});

describe('reporting', () => {
  it('reports every problem of a file at once, each with a line number', () => {
    const issues = issuesOf((p) => {
      p.apiVersion = 'v0';
      p.spec.region = 'us-east-1';
      p.spec.people[1].role = 'admin';
      p.spec.profile = 'nope';
    });
    expect(issues.map((i) => i.rule).sort()).toEqual(['known-api-version', 'known-profile', 'known-role', 'eu-region'].sort());
    for (const issue of issues) expect(issue.line).toBeGreaterThan(0);
  });

  it('names the line where an unclosed [ opens, once', () => {
    const issues = issuesOfText('apiVersion: regulatory-sandbox/v1\nkind: SandboxPlan\nmetadata: [unclosed\nspec: {}\n');
    expect(issues).toEqual([{ file: expect.stringMatching(/\.yaml$/), path: '', rule: 'yaml-syntax', message: 'YAML syntax error: the "[" opened on this line is never closed with "]"', line: 3 }]);
  });

  it('names the line where an unclosed { opens, without a cascade of duplicate keys', () => {
    const issues = issuesOfEdit('  period: { start: 2027-01-04, end: 2027-06-30 }\n', '  period: { start: 2027-01-04, end: 2027-06-30\n  period: { start: 2027-01-04, end: 2027-06-30 }\n');
    const line = BASE_TEXT.split('\n').findIndex((l) => l.startsWith('  period:')) + 1;
    expect(issues.map((i) => [i.line, i.rule, i.message])).toEqual([[line, 'yaml-syntax', 'YAML syntax error: the "{" opened on this line is never closed with "}"']]);
  });

  it('reports one tab used as indentation as one error on its line', () => {
    const issues = issuesOfEdit(/^ {2}purpose:/m, '\tpurpose:');
    const line = BASE_TEXT.split('\n').findIndex((l) => l.startsWith('  purpose:')) + 1;
    expect(issues.map((i) => [i.line, i.rule])).toEqual([[line, 'yaml-syntax']]);
    expect(issues[0]!.message).toMatch(/tab/i);
  });

  it('reports the first of two unrelated syntax errors where it is, not a later flow collection', () => {
    const issues = issuesOfText('apiVersion: regulatory-sandbox/v1\n\tkind: SandboxPlan\nmetadata: [unclosed\n');
    expect(issues.map((i) => [i.line, i.rule])).toEqual([[2, 'yaml-syntax']]);
  });

  it('reports a missing file as unreadable', () => {
    const result = validatePlanFile(`${tempDir()}/absent.yaml`);
    expect(result.ok).toBe(false);
    expect((result as { issues: readonly PlanIssue[] }).issues[0]!.rule).toBe('readable');
  });
});
