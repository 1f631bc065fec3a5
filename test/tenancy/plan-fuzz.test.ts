import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { formatIssue, planSchema, validatePlanText, type PlanIssue } from '../../tenancy/index.ts';
import { formatPath } from '../../tenancy/plan-issue.ts';
import { basePlan } from './plan-fixtures.ts';

/**
 * Whatever a hand edit or a merge conflict does to a plan, the validator answers with issues that
 * name file, path, rule and message in plain words, one per problem, and never throws.
 */
type Path = (string | number)[];

function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constant(''),
  fc.constant('2027-02-30'),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
);

/** Wording that betrays zod or JavaScript underneath instead of a sentence for the plan's author. */
const LEAKED = [/undefined/, /Invalid input/i, /expected .* received/i, /\[object Object\]/, /\bat .*\.ts:\d+/];

/** True when one printed path lies on or under the other (`spec` and `spec.people[1].role`). */
function overlaps(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short === '' || long === short || long.startsWith(`${short}.`) || long.startsWith(`${short}[`);
}

/** The field paths zod finds wrong in this text: each must get exactly one issue, on, under or above it. */
function malformedPaths(text: string): string[] {
  const shape = planSchema.safeParse(parse(text));
  if (shape.success) return [];
  return shape.error.issues.flatMap((issue) => {
    const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return issue.code === 'unrecognized_keys' ? issue.keys.map((key) => formatPath([...at, key])) : [formatPath(at)];
  });
}

function expectPlainlyDescribed(issue: PlanIssue, file: string): void {
  expect(issue.file).toBe(file);
  expect(issue.path).not.toBe('');
  expect(issue.rule).toMatch(/^[a-z][a-z0-9-]*$/);
  for (const leak of LEAKED) expect(issue.message, `${issue.path}: ${issue.message}`).not.toMatch(leak);
  // What the user reads: the file, the field path and the rule id, all on one line.
  const line = formatIssue(issue);
  expect(line.startsWith(file)).toBe(true);
  expect(line).toContain(` ${issue.path}: `);
  expect(line.endsWith(` [${issue.rule}]`)).toBe(true);
}

function mutate(plan: any, path: Path, value: unknown, mode: 'set' | 'delete' | 'rename'): void {
  if (path.length === 0) return;
  const parent = path.slice(0, -1).reduce((o, k) => o[k], plan);
  const key = path[path.length - 1]!;
  if (mode === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (mode === 'rename' && !Array.isArray(parent)) {
    parent[`${String(key)}x`] = parent[key];
    delete parent[key];
  } else parent[key] = value;
}

const allPaths = paths(basePlan());

describe('random mutations of a valid plan', () => {
  it('never crash the validator, and every issue is fully described', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...allPaths), junk, fc.constantFrom('set', 'delete', 'rename') as fc.Arbitrary<'set' | 'delete' | 'rename'>), { minLength: 1, maxLength: 4 }),
        (mutations) => {
          const plan = basePlan();
          for (const [path, value, mode] of mutations) {
            try {
              mutate(plan, path, value, mode);
            } catch {
              // an earlier mutation removed this path's parent: nothing to mutate
            }
          }
          const file = '/tmp/review/diabetes-risk.yaml';
          const text = stringify(plan);
          const result = validatePlanText(file, text);
          if (result.ok) return;
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expectPlainlyDescribed(issue, file);
          const reported = result.issues.map((issue) => issue.path);
          for (const malformed of malformedPaths(text)) {
            const about = reported.filter((p) => overlaps(p, malformed));
            expect(about, `one issue about ${malformed}, got ${JSON.stringify(result.issues)}`).toHaveLength(1);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never crash on arbitrary text either', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = validatePlanText('/tmp/x.yaml', text);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        // A file that is not a plan at all (bad YAML, or not a mapping) gets one file-level issue.
        const fileLevel = result.issues.filter((issue) => issue.path === '');
        expect(fileLevel.length).toBeLessThanOrEqual(1);
        if (fileLevel.length === 1) expect(result.issues).toHaveLength(1);
        for (const issue of result.issues) {
          expect(issue.file).toBe('/tmp/x.yaml');
          expect(formatIssue(issue)).toMatch(new RegExp(`^/tmp/x\\.yaml(:\\d+)?: .* \\[${issue.rule}\\]$`, 's'));
          for (const leak of LEAKED) expect(issue.message).not.toMatch(leak);
        }
      }),
      { numRuns: 300 },
    );
  });
});
