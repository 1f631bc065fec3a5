import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../policies/catalog/index.ts';
import { validateCatalog } from '../../policies/catalog/validate-catalog.ts';
import { evaluate } from '../../policies/evaluate/evaluate.ts';
import { normaliseText } from '../../policies/normalise/index.ts';
import type { FixtureCase } from '../../policies/catalog/fixtures/fixture-case.ts';
import type { RuleDefinition } from '../../policies/rule.ts';

/** Each guardrail against its own pass and fail fixtures, in every format it covers. */
function run(rule: RuleDefinition, fixture: FixtureCase) {
  const normalised = normaliseText(fixture.file, fixture.content);
  if (!normalised.ok) throw new Error(`${fixture.description}: ${normalised.message}`);
  expect(normalised.artifact.format).toBe(fixture.format);
  return evaluate([normalised.artifact], [rule], () => undefined);
}

describe.each(CATALOG.map((e) => [e.rule.id, e] as const))('%s', (_id, { rule, fixtures }) => {
  it.each(fixtures.cases.map((c) => [`${c.expect === "pass" ? "passes" : c.expect === "fail" ? "fails" : "is unknown"} (${c.format}): ${c.description}`, c] as const))('%s', (_name, fixture) => {
    const result = run(rule, fixture);
    const runFor = result.runs.find((r) => r.ruleId === rule.id)!;
    const wanted = fixture.expect === 'fail' ? 'NON_COMPLIANT' : 'UNKNOWN';
    if (fixture.expect === 'pass') {
      expect(result.findings.map((f) => `${f.resource} ${f.path}: ${f.message}`)).toEqual([]);
      expect(runFor.compliant).toBeGreaterThan(0);
    } else {
      const hits = result.findings.filter((f) => f.outcome === wanted);
      expect(hits.map((f) => `${f.resource} ${f.path}`)).toContainEqual(expect.stringContaining(fixture.resource!));
      const named = hits.filter((f) => f.resource === fixture.resource);
      expect(named.length, `findings: ${JSON.stringify(hits.map((h) => [h.resource, h.path, h.message]))}`).toBeGreaterThan(0);
      if (fixture.path !== undefined) expect(named.map((f) => f.path)).toContainEqual(expect.stringMatching(new RegExp(`^${fixture.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)));
      for (const f of named) {
        expect(f.file).toBe(fixture.file);
        expect(f.message.length).toBeGreaterThan(10);
      }
    }
  });
});

describe('the catalog’s own validation', () => {
  const entry = CATALOG.find((e) => e.rule.id === 'SBX-KMS-001')!;

  it.each([
    ['a duplicate id', [entry, entry], /SBX-KMS-001: the id is used twice/],
    ['an unknown legal reference', [{ ...entry, rule: { ...entry.rule, supports: ['gdpr-99'] } }], /supports\.0 is not in policies\/legal-references\.ts/],
    ['no legal reference at all', [{ ...entry, rule: { ...entry.rule, supports: [] } }], /supports/],
    ['a missing fail fixture', [{ ...entry, fixtures: { ...entry.fixtures, cases: entry.fixtures.cases.filter((c) => c.expect === 'pass') } }], /no fail fixture for cloudformation/],
    ['a fixture for a format the rule does not implement', [{ ...entry, fixtures: { ...entry.fixtures, cases: [...entry.fixtures.cases, { ...entry.fixtures.cases[0]!, format: 'kubernetes' as const }] } }], /which the rule does not implement/],
    ['a malformed Control Tower id', [{ ...entry, rule: { ...entry.rule, crossReferences: { controlTower: ['KMS-1'] } } }], /crossReferences\.controlTower/],
    ['an entry without any fixture', [{ ...entry, fixtures: { ...entry.fixtures, cases: [] } }], /SBX-KMS-001: no pass fixture for cloudformation[\s\S]*SBX-KMS-001: no fail fixture for terraform/],
    ['a workload CEL rule left out of the catalog', CATALOG.filter((e) => e.rule.id !== 'SBX-K8S-011'), /SBX-K8S-011: a workload CEL rule without a catalog entry/],
  ])('rejects %s, naming the rule', (_what, entries, message) => {
    expect(() => validateCatalog(entries as never)).toThrow(message);
  });
});
