import type { NormalisedArtifact, Resource } from '../model/resource.ts';
import {
  Interpolation,
  Reference,
  Unknown,
  isList,
  isObject,
  isUnresolved,
  joinPath,
  listOf,
  literalString,
  nestedBlocks,
  type Value,
  type ValueObject,
} from '../model/value.ts';

/**
 * IAM policy documents in one shape, whichever way they were written: a CloudFormation object, a
 * JSON string (Terraform `policy = "{…${aws_s3_bucket.x.arn}…}"`), or a Terraform
 * `aws_iam_policy_document` data source. Each statement remembers the resource and the path it
 * came from, so a finding points at the exact statement.
 */

export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny' | Value;
  /** `*`, or principal type → identifiers (`{ AWS: ['*'], Service: ['cloudtrail.amazonaws.com'] }`). */
  readonly principal: '*' | Readonly<Record<string, readonly Value[]>> | undefined;
  /** The principal was given as NotPrincipal: the statement is about everyone but those named. */
  readonly notPrincipal: boolean;
  readonly actions: readonly Value[];
  readonly notActions: readonly Value[];
  readonly resources: readonly Value[];
  readonly notResources: readonly Value[];
  /** Operator → key → values. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly Value[]>>>>;
  readonly resource: Resource;
  readonly path: string;
}

/** A statement (or all of them) that only the deploy can tell: `Fn::If`, a parameter, `${var.x}`. */
export interface UnresolvedStatement {
  readonly value: Value;
  readonly resource: Resource;
  readonly path: string;
}

export type ParsedPolicy =
  | { readonly known: true; readonly statements: readonly PolicyStatement[]; readonly unresolved: readonly UnresolvedStatement[] }
  | { readonly known: false; readonly value: Value; readonly resource: Resource; readonly path: string };

const HOLE = (i: number) => `@@sbx-hole-${i}@@`;
const HOLE_PATTERN = /@@sbx-hole-(\d+)@@/g;

/**
 * Parses JSON whose string values contain unresolved pieces: each piece is replaced by a unique
 * placeholder, the text is parsed, and the placeholders are put back as the pieces they stood for.
 */
export function parseJsonWithHoles(value: Value): Value | undefined {
  const parts = typeof value === 'string' ? [value] : value instanceof Interpolation ? value.parts : undefined;
  if (!parts) return undefined;
  const holes: (Reference | Unknown)[] = [];
  const text = parts.map((p) => (typeof p === 'string' ? p : HOLE(holes.push(p) - 1))).join('');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const restore = (raw: unknown): Value => {
    if (typeof raw === 'string') {
      if (!raw.includes('@@sbx-hole-')) return raw;
      const pieces: (string | Reference | Unknown)[] = [];
      let last = 0;
      for (const m of raw.matchAll(HOLE_PATTERN)) {
        if (m.index > last) pieces.push(raw.slice(last, m.index));
        pieces.push(holes[Number(m[1])]!);
        last = m.index + m[0].length;
      }
      if (last < raw.length) pieces.push(raw.slice(last));
      return pieces.length === 1 && typeof pieces[0] !== 'string' ? pieces[0]! : new Interpolation(pieces, raw);
    }
    if (Array.isArray(raw)) return raw.map(restore);
    if (raw && typeof raw === 'object') return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, restore(v)]));
    return raw as Value;
  };
  return restore(parsed);
}

function principalOf(value: Value | undefined): PolicyStatement['principal'] {
  if (value === undefined) return undefined;
  if (value === '*') return '*';
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([type, ids]) => [type, listOf(ids)]));
  return { unknown: [value] };
}

function conditionsOf(value: Value | undefined): PolicyStatement['conditions'] {
  if (!isObject(value)) return {};
  const out: Record<string, Record<string, Value[]>> = {};
  for (const [operator, keys] of Object.entries(value)) {
    if (!isObject(keys)) continue;
    out[operator] = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, listOf(v)]));
  }
  return out;
}

/** Statements of an IAM JSON document (object form). */
function statementsOfDocument(document: ValueObject, resource: Resource, base: string): ParsedPolicy {
  const raw = document.Statement;
  const at = joinPath(base, 'Statement');
  // The whole list chosen at deploy time: nothing in it can be read.
  if (isUnresolved(raw)) return { known: false, value: raw, resource, path: at };
  const list = isList(raw) ? raw : raw === undefined ? [] : [raw];
  const listed = isList(raw);
  const statements: PolicyStatement[] = [];
  const unresolved: UnresolvedStatement[] = [];
  list.forEach((s, i) => {
    const path = listed ? `${at}[${i}]` : at;
    if (isUnresolved(s)) unresolved.push({ value: s, resource, path });
    if (!isObject(s)) return;
    statements.push({
      effect: s.Effect === 'Allow' || s.Effect === 'Deny' ? s.Effect : (s.Effect ?? 'Allow'),
      principal: principalOf(s.Principal ?? s.NotPrincipal),
      notPrincipal: s.NotPrincipal !== undefined,
      actions: listOf(s.Action),
      notActions: listOf(s.NotAction),
      resources: listOf(s.Resource),
      notResources: listOf(s.NotResource),
      conditions: conditionsOf(s.Condition),
      resource,
      path,
    });
  });
  return { known: true, statements, unresolved };
}

/** Statements of a Terraform `aws_iam_policy_document` data source (`statement` blocks, dynamic ones too). */
function statementsOfPolicyDocumentData(data: Resource): ParsedPolicy {
  const found = nestedBlocks(data.properties, 'statement');
  const unresolved: UnresolvedStatement[] = found.unresolved.map((u) => ({ value: u.value, resource: data, path: u.path }));
  const statements = found.blocks.map(({ block: s, path }): PolicyStatement => {
    const principals = (key: string) => {
      const given = nestedBlocks(s, key);
      if (given.blocks.length === 0 && given.unresolved.length === 0) return undefined;
      const out: Record<string, Value[]> = {};
      // Principals only the plan can tell may be anyone.
      if (given.unresolved.length > 0) out.unknown = given.unresolved.map((u) => u.value);
      for (const { block: p } of given.blocks) {
        const type = literalString(p.type) ?? (isUnresolved(p.type) ? 'unknown' : '?');
        // `type = "*"` is Terraform's spelling of `"Principal": "*"`.
        const key = type === '*' ? 'AWS' : type;
        out[key] = [...(out[key] ?? []), ...(key === 'unknown' ? [p.type!] : []), ...listOf(p.identifiers)];
      }
      return out;
    };
    const conditions: Record<string, Record<string, Value[]>> = {};
    for (const { block: c } of nestedBlocks(s, 'condition').blocks) {
      const test = literalString(c.test) ?? '?';
      const variable = literalString(c.variable) ?? '?';
      conditions[test] = { ...(conditions[test] ?? {}), [variable]: listOf(c.values) };
    }
    const allowed = principals('principals');
    const excepted = principals('not_principals');
    return {
      effect: s.effect === undefined ? 'Allow' : s.effect,
      principal: allowed ?? excepted,
      notPrincipal: allowed === undefined && excepted !== undefined,
      actions: listOf(s.actions),
      notActions: listOf(s.not_actions),
      resources: listOf(s.resources),
      notResources: listOf(s.not_resources),
      conditions,
      resource: data,
      path: path,
    };
  });
  return { known: true, statements, unresolved };
}

/**
 * A policy property as statements. `value` is the property (object, JSON string, or a reference to
 * an `aws_iam_policy_document`), `resource` and `path` where it sits.
 */
export function parsePolicy(value: Value | undefined, resource: Resource, path: string, artifact: NormalisedArtifact): ParsedPolicy {
  if (value === undefined || value === null) return { known: true, statements: [], unresolved: [] };
  if (isObject(value)) return statementsOfDocument(value, resource, path);
  if (value instanceof Reference && value.target.startsWith('data.aws_iam_policy_document.')) {
    const data = artifact.byId.get(value.target);
    if (data) return statementsOfPolicyDocumentData(data);
  }
  const parsed = parseJsonWithHoles(value);
  if (isObject(parsed)) return statementsOfDocument(parsed, resource, path);
  return { known: false, value, resource, path };
}

/** The literal strings of a statement list (actions, resources, principal ids); non-literals are left out. */
export function literals(values: readonly Value[]): string[] {
  return values.map(literalString).filter((v): v is string => v !== undefined);
}

/** A principal that means everyone: `*`, `{ AWS: '*' }`, or `*` among the identifiers (never a NotPrincipal). */
export function isWildcardPrincipal(statement: PolicyStatement): boolean {
  const p = statement.principal;
  if (p === undefined || statement.notPrincipal) return false;
  if (p === '*') return true;
  return Object.values(p).some((ids) => literals(ids).includes('*'));
}

/**
 * A value only the deploy can tell that might turn out to be `*` (or another all-wildcard text
 * such as `*:*`): a parameter, a condition's choice, a variable, or a string whose literal pieces
 * are only wildcards. A pseudo parameter (the account, the region) or a pointer to a resource of
 * the artifact never is, nor a string with other literal pieces (`arn:…:root`, `s3:Get${X}`).
 */
export function mayBeWildcard(value: Value): boolean {
  if (value instanceof Unknown) return value.pseudo === undefined;
  return value instanceof Interpolation && value.parts.every((p) => typeof p !== 'string' || /^[*:]*$/.test(p)) && value.parts.some((p) => p instanceof Unknown && p.pseudo === undefined);
}

export type EveryoneVerdict =
  | { readonly verdict: 'no' }
  /** `how`: `Principal "*"`, or the NotPrincipal that leaves everyone else in. */
  | { readonly verdict: 'yes'; readonly how: string }
  /** `part`: which part of the statement only the deploy can tell. */
  | { readonly verdict: 'unknown'; readonly part: 'effect' | 'principal'; readonly value: Value };

/**
 * Whether a statement allows everyone: an Allow (or an effect only the deploy tells) for a
 * wildcard principal, for a principal that may become one, or with NotPrincipal, which grants
 * everyone but those it names. UNKNOWN names the unresolved value.
 */
export function allowsEveryone(statement: PolicyStatement): EveryoneVerdict {
  const effect = statement.effect;
  if (effect === 'Deny' || (!isUnresolved(effect) && effect !== 'Allow')) return { verdict: 'no' };
  const p = statement.principal;
  if (p === undefined) return { verdict: 'no' };
  if (statement.notPrincipal) {
    return effect === 'Allow' ? { verdict: 'yes', how: 'NotPrincipal, which grants everyone but the principals it names' } : { verdict: 'unknown', part: 'effect', value: effect };
  }
  const undecided = p === '*' ? undefined : Object.values(p).flat().find(mayBeWildcard);
  if (effect === 'Allow' && isWildcardPrincipal(statement)) return { verdict: 'yes', how: 'Principal "*"' };
  if (isWildcardPrincipal(statement)) return { verdict: 'unknown', part: 'effect', value: effect };
  return undecided === undefined ? { verdict: 'no' } : { verdict: 'unknown', part: 'principal', value: undecided };
}

/** The condition values under an operator (`Bool`, `BoolIfExists` …) and key, as strings. */
export function conditionValues(statement: PolicyStatement, operators: readonly string[], key: string): string[] {
  const out: string[] = [];
  for (const op of operators) {
    const entry = Object.entries(statement.conditions[op] ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase());
    for (const v of entry?.[1] ?? []) {
      if (typeof v === 'boolean' || typeof v === 'number') out.push(String(v));
      else {
        const s = literalString(v);
        if (s !== undefined) out.push(s);
      }
    }
  }
  return out;
}

/** Whether a resource entry ends with the given literal suffix (`arn:…:${bucket}/*` ends with `/*`). */
export function endsWithLiteral(value: Value, suffix: string): boolean {
  if (typeof value === 'string') return value.endsWith(suffix);
  if (value instanceof Interpolation) {
    const last = value.parts[value.parts.length - 1];
    return typeof last === 'string' && last.endsWith(suffix);
  }
  return false;
}
