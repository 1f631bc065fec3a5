import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validatePlanText } from '../../tenancy/index.ts';
import { basePlan } from './plan-fixtures.ts';

/**
 * Whatever a hand edit or a merge conflict does to a plan, the validator answers with issues that
 * name file, path, rule and message, and never throws.
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
          const result = validatePlanText('/tmp/review/diabetes-risk.yaml', stringify(plan));
          if (!result.ok) {
            expect(result.issues.length).toBeGreaterThan(0);
            for (const issue of result.issues) {
              expect(issue.file).toBe('/tmp/review/diabetes-risk.yaml');
              expect(issue.rule).toMatch(/^[a-z-]+$/);
              expect(issue.message.length).toBeGreaterThan(3);
              expect(issue.message).not.toMatch(/\bat .*\.ts:\d+/);
            }
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
      }),
      { numRuns: 300 },
    );
  });
});
