import { describe, expect, it } from 'vitest';
import { cloudFormation } from '../../policies/catalog/fixtures/cases.ts';
import { checkArtifacts, RULES } from '../../policies/index.ts';
import type { RuleDefinition } from '../../policies/rule.ts';

/** The evaluator fails closed: a rule that crashes is a bug, and a bug must not let an artifact through. */
describe('a rule that crashes', () => {
  const crashing: RuleDefinition = {
    ...RULES.find((r) => r.id === 'SBX-KMS-001')!,
    implementations: {
      cloudformation: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'Statement')");
      },
    },
  };
  const baseline = cloudFormation('pass', 'baseline');

  it('is an error finding of that rule, so the check fails (exit 1)', () => {
    const result = checkArtifacts([{ path: baseline.file, content: baseline.content }], { rules: [crashing], tenants: () => undefined });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      ruleId: 'SBX-KMS-001',
      severity: 'error',
      outcome: 'NON_COMPLIANT',
      file: baseline.file,
      resource: '(template)',
      message: "the rule failed: Cannot read properties of undefined (reading 'Statement'), this is a bug",
    });
    expect(result.summary.errors).toBe(1);
  });

  it('is an error even when the rule itself only warns', () => {
    const result = checkArtifacts([{ path: baseline.file, content: baseline.content }], { rules: [{ ...crashing, severity: 'warning' }], tenants: () => undefined });
    expect(result.findings.map((f) => f.severity)).toEqual(['error']);
    expect(result.summary.errors).toBe(1);
  });

  it('fails closed when what it returns cannot be turned into a finding', () => {
    const malformed: RuleDefinition = { ...crashing, implementations: { cloudformation: () => [{ outcome: 'NON_COMPLIANT', resource: undefined as never, path: 'x', message: 'broken' }] } };
    const result = checkArtifacts([{ path: baseline.file, content: baseline.content }], { rules: [malformed], tenants: () => undefined });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.resource])).toEqual([['SBX-KMS-001', 'error', '(template)']]);
    expect(result.findings[0]!.message).toMatch(/^the rule failed: .+, this is a bug$/);
  });

  it('does not keep the other rules from checking the artifact', () => {
    const broken = cloudFormation('fail', 'public subnet', (t) => {
      t.Resources.Subnet.Properties.MapPublicIpOnLaunch = true;
    });
    const result = checkArtifacts([{ path: broken.file, content: broken.content }], { rules: [crashing, RULES.find((r) => r.id === 'SBX-NET-002')!], tenants: () => undefined });
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['SBX-KMS-001', 'error'],
      ['SBX-NET-002', 'error'],
    ]);
  });

  it('fails closed also when it crashes half-way through its results', () => {
    const halfway: RuleDefinition = {
      ...crashing,
      implementations: {
        *cloudformation(context) {
          yield { outcome: 'COMPLIANT', resource: context.artifact.resources[0]!, path: '', message: '' };
          throw new RangeError('index out of range');
        },
      },
    };
    const result = checkArtifacts([{ path: baseline.file, content: baseline.content }], { rules: [halfway], tenants: () => undefined });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([['SBX-KMS-001', 'error', 'the rule failed: index out of range, this is a bug']]);
    expect(result.summary.errors).toBe(1);
  });
});
