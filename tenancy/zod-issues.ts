import type { z } from 'zod';
import { formatPath, type PathSegment, type PlanIssue } from './plan-issue.ts';

/**
 * Turns zod's issues into plan issues that a platform engineer can act on without knowing zod:
 * plain words, the field path, a stable rule id, and for a misspelt key the key it probably meant.
 */

/** Rules with a name of their own, keyed by the field path with array indexes removed. */
const NAMED_RULES: Readonly<Record<string, string>> = {
  apiVersion: 'known-api-version',
  kind: 'known-kind',
  'metadata.id': 'id-pattern',
  'spec.region': 'eu-region',
  'spec.people.role': 'known-role',
  'spec.people.id': 'person-id-pattern',
  'spec.riskClass': 'known-risk-class',
  'spec.medicalDeviceClass': 'known-medical-device-class',
  'spec.publicInterest': 'known-public-interest',
  'spec.status': 'known-status',
  'spec.period.start': 'date-format',
  'spec.period.end': 'date-format',
};

const GENERIC_RULES: Readonly<Record<string, string>> = {
  invalid_type: 'type',
  invalid_value: 'allowed-value',
  too_small: 'range',
  too_big: 'range',
  invalid_format: 'format',
  not_multiple_of: 'range',
  custom: 'rule',
};

export function zodIssuesToPlanIssues(
  file: string,
  schema: z.ZodType,
  data: unknown,
  issues: readonly z.core.$ZodIssue[],
  lineOf: (path: readonly PathSegment[]) => number | undefined,
): PlanIssue[] {
  const out: PlanIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, path);
      for (const key of issue.keys) {
        const suggestion = closest(key, allowed);
        const hint = suggestion ? `; did you mean "${suggestion}"?` : allowed.length ? `; allowed here: ${allowed.join(', ')}` : '';
        out.push({ file, path: formatPath([...path, key]), rule: 'unknown-field', message: `is not a known field${hint}`, line: lineOf([...path, key]) });
      }
      continue;
    }
    const missing = valueAt(data, path) === undefined;
    const named = NAMED_RULES[path.filter((p) => typeof p === 'string').join('.')];
    out.push({
      file,
      path: formatPath(path),
      rule: missing ? 'required' : (named ?? GENERIC_RULES[issue.code] ?? 'schema'),
      message: missing ? 'is required' : describe(issue, data, path),
      line: lineOf(path),
    });
  }
  return out;
}

function describe(issue: z.core.$ZodIssue, data: unknown, path: readonly PathSegment[]): string {
  const got = valueAt(data, path);
  const shown = typeof got === 'string' ? `"${got}"` : typeof got === 'object' ? (Array.isArray(got) ? 'a list' : 'a mapping') : String(got);
  return `${issue.message} (got ${shown})`;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

interface SchemaDef {
  type?: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
  out?: unknown;
}

function defOf(schema: unknown): SchemaDef {
  return ((schema as { _zod?: { def?: SchemaDef } })._zod?.def ?? {}) as SchemaDef;
}

/** Unwraps optional/default/pipe wrappers down to the object or array underneath. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.out) current = defOf(def.in).type === 'transform' ? def.out : def.in;
    else return current;
  }
  return current;
}

function allowedKeysAt(schema: unknown, path: readonly PathSegment[]): string[] {
  let current = unwrap(schema);
  for (const segment of path) {
    const def = defOf(current);
    if (typeof segment === 'number') current = unwrap(def.element);
    else current = unwrap(def.shape?.[segment]);
  }
  return Object.keys(defOf(current).shape ?? {});
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
