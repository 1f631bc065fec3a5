import type { z } from 'zod';
import { formatPath, pathsOverlap, type PathSegment, type PlanIssue } from './plan-issue.ts';

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

export type ShapeCheck<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly issues: readonly PlanIssue[];
      /** The field paths the issues are about: nothing on, under or above them can be judged yet. */
      readonly failedPaths: readonly (readonly PathSegment[])[];
    };

/**
 * Checks `data` against `schema` and describes each problem once: plain words, the field path, a
 * stable rule id. A field with several problems (a date that is neither YYYY-MM-DD nor a real day)
 * gets only the first, and nothing is said about the inside of a value whose own shape is wrong.
 */
export function checkShape<S extends z.ZodType>(
  file: string,
  schema: S,
  data: unknown,
  lineOf: (path: readonly PathSegment[]) => number | undefined,
): ShapeCheck<z.output<S>> {
  // Zod's own English ("Invalid input: expected object, received number") is for developers;
  // every check the schema did not word itself gets our wording instead.
  const result = schema.safeParse(data, { error: plainMessage });
  if (result.success) return { ok: true, value: result.data };
  const issues: PlanIssue[] = [];
  const failedPaths: PathSegment[][] = [];
  const add = (path: PathSegment[], issue: Omit<PlanIssue, 'file' | 'path' | 'line'>): void => {
    if (failedPaths.some((failed) => pathsOverlap(failed, path))) return;
    failedPaths.push(path);
    issues.push({ file, path: formatPath(path), ...issue, line: lineOf(path) });
  };
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, path);
      for (const key of issue.keys) {
        const suggestion = closest(key, allowed);
        const hint = suggestion ? `; did you mean "${suggestion}"?` : allowed.length ? `; allowed here: ${allowed.join(', ')}` : '';
        add([...path, key], { rule: 'unknown-field', message: `is not a known field${hint}` });
      }
      continue;
    }
    const got = valueAt(data, path);
    if (path.length === 0) {
      // The file itself is not a mapping (empty, a list, a bare word): name the fields it needs.
      add(path, { rule: 'file-shape', message: `the file must be a mapping with the fields ${allowedKeysAt(schema, []).join(', ')} (got ${shown(got)})` });
      continue;
    }
    const named = NAMED_RULES[path.filter((p) => typeof p === 'string').join('.')];
    if (got === undefined) add(path, { rule: 'required', message: 'is required' });
    else add(path, { rule: named ?? GENERIC_RULES[issue.code] ?? 'schema', message: `${issue.message} (got ${shown(got)})` });
  }
  return { ok: false, issues, failedPaths };
}

function plainMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return PLAIN_TYPES[issue.expected] ?? `must be of type ${issue.expected}`;
    case 'too_small':
      return bound(issue.origin, issue.inclusive ? 'at least' : 'more than', issue.minimum);
    case 'too_big':
      return bound(issue.origin, issue.inclusive ? 'at most' : 'less than', issue.maximum);
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.pattern ? `must match ${issue.pattern}` : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    default:
      return 'is not allowed here';
  }
}

function bound(origin: string, relation: string, limit: number | bigint): string {
  if (origin === 'array' || origin === 'set') return `must have ${relation} ${String(limit)} item(s)`;
  if (origin === 'string') return `must be ${relation} ${String(limit)} character(s) long`;
  return `must be ${relation} ${String(limit)}`;
}

const PLAIN_TYPES: Readonly<Record<string, string>> = {
  object: 'must be a mapping of fields',
  array: 'must be a list',
  number: 'must be a number',
  int: 'must be a whole number',
  string: 'must be text',
  boolean: 'must be true or false',
  date: 'must be a date',
};

/** How a value looks in the YAML the user wrote. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') return 'a mapping';
  return String(value);
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
