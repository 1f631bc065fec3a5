/**
 * The values of a normalised artifact. Literal JSON stays literal; what only the deploy can tell
 * (a parameter, an import, a Terraform variable, a function call) becomes an explicit `Unknown`,
 * so a guardrail that needs it says UNKNOWN instead of guessing; a pointer to another resource of
 * the same artifact becomes a `Reference`, which cross-resource rules follow.
 */

export class Unknown {
  /** The expression as written (`{"Fn::ImportValue":"SharedKey"}`, `${var.region}`). */
  readonly expression: string;
  /** Why it cannot be known at synth time. */
  readonly reason: string;
  /** Set for deploy-time pseudo values such as `AWS::Region` or `AWS::AccountId`. */
  readonly pseudo: string | undefined;
  constructor(expression: string, reason: string, pseudo?: string) {
    this.expression = expression;
    this.reason = reason;
    this.pseudo = pseudo;
  }
}

/** A pointer to another resource of the same artifact (`Ref`/`Fn::GetAtt`, `${aws_kms_key.k.arn}`). */
export class Reference {
  /** Logical id (CloudFormation) or address (`aws_kms_key.data`, `data.aws_iam_policy_document.p`). */
  readonly target: string;
  /** `Arn`, `arn`, `id`…; undefined for a bare `Ref`. */
  readonly attribute: string | undefined;
  readonly expression: string;
  constructor(target: string, attribute: string | undefined, expression: string) {
    this.target = target;
    this.attribute = attribute;
    this.expression = expression;
  }
}

/** A string built from pieces (`Fn::Join`, `Fn::Sub`, `"arn:${…}/*"`), some of them not literal. */
export class Interpolation {
  readonly parts: readonly (string | Reference | Unknown)[];
  readonly expression: string;
  constructor(parts: readonly (string | Reference | Unknown)[], expression: string) {
    this.parts = parts;
    this.expression = expression;
  }
}

export type Scalar = string | number | boolean | null;
export type Value = Scalar | readonly Value[] | ValueObject | Unknown | Reference | Interpolation;
export interface ValueObject {
  readonly [key: string]: Value;
}

export function isObject(value: Value | undefined): value is ValueObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Unknown) &&
    !(value instanceof Reference) &&
    !(value instanceof Interpolation)
  );
}

export function isList(value: Value | undefined): value is readonly Value[] {
  return Array.isArray(value);
}

/** Not literal: the rule cannot read its value (though a Reference still says what it points to). */
export function isUnresolved(value: Value | undefined): value is Unknown | Reference | Interpolation {
  return value instanceof Unknown || value instanceof Reference || value instanceof Interpolation;
}

/** The literal string, also when an interpolation happens to be all literal. */
export function literalString(value: Value | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Interpolation && value.parts.every((p) => typeof p === 'string')) return value.parts.join('');
  return undefined;
}

/**
 * A boolean as CloudFormation and Terraform accept it (`true` or `"true"`); `undefined` when the
 * property is absent, the Unknown itself when it cannot be known.
 */
export function booleanOf(value: Value | undefined): boolean | undefined | Unknown | Reference | Interpolation {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (isUnresolved(value)) return value;
  return undefined;
}

export function numberOf(value: Value | undefined): number | undefined | Unknown | Reference | Interpolation {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (isUnresolved(value)) return value;
  return undefined;
}

/** How a value reads in a finding: the literal as JSON, an unresolved value as its expression. */
export function describe(value: Value | undefined): string {
  if (value === undefined) return '(absent)';
  if (value instanceof Unknown || value instanceof Reference || value instanceof Interpolation) return value.expression;
  return JSON.stringify(value);
}

/** Every value in a tree with its path below `base` (`a.b[0].c`), depth first. */
export function* walk(value: Value | undefined, base = ''): Generator<{ path: string; value: Value }> {
  if (value === undefined) return;
  yield { path: base, value };
  if (isList(value)) {
    for (let i = 0; i < value.length; i++) yield* walk(value[i], `${base}[${i}]`);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) yield* walk(child, joinPath(base, key));
  } else if (value instanceof Interpolation) {
    for (const part of value.parts) if (typeof part !== 'string') yield { path: base, value: part };
  }
}

/** Appends a property name to a path, bracketing names that are not plain identifiers. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const part = /^[A-Za-z_][\w-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (base === '') return part;
  return part.startsWith('[') ? `${base}${part}` : `${base}.${part}`;
}

/** The child at a path of plain keys and indexes, or undefined. */
export function at(value: Value | undefined, ...keys: readonly (string | number)[]): Value | undefined {
  let current: Value | undefined = value;
  for (const key of keys) {
    if (typeof key === 'number') {
      if (!isList(current)) return undefined;
      current = current[key];
    } else {
      if (!isObject(current)) return undefined;
      current = current[key];
    }
  }
  return current;
}

/**
 * Terraform JSON writes a nested block as an object or as a list of objects, and CloudFormation
 * lists are lists: both read here as a list, so a rule never has to care which spelling it got.
 */
export function blocks(value: Value | undefined): ValueObject[] {
  if (isList(value)) return value.filter(isObject);
  if (isObject(value)) return [value];
  return [];
}

/** A value that may be a single item or a list (IAM `Action`, `Resource`), as a list. */
export function listOf(value: Value | undefined): Value[] {
  if (value === undefined || value === null) return [];
  return isList(value) ? [...value] : [value];
}

export type Unresolved = Unknown | Reference | Interpolation;

/** A nested block read from a resource, with the path it sits at below the resource's body. */
export interface NestedBlock {
  readonly block: ValueObject;
  readonly path: string;
}

/** Something that stands where blocks belong but cannot be read before deploy. */
export interface UnresolvedBlocks {
  readonly value: Unresolved;
  readonly path: string;
}

export interface NestedBlocks {
  readonly blocks: readonly NestedBlock[];
  /**
   * The whole collection (`Fn::If`, `Ref` to a list parameter, `${var.rules}`) or one item of it
   * that only the deploy can tell: a rule must say UNKNOWN for each, never pass them by.
   */
  readonly unresolved: readonly UnresolvedBlocks[];
}

function collect(value: Value | undefined, path: string, out: { blocks: NestedBlock[]; unresolved: UnresolvedBlocks[] }): void {
  if (isList(value)) {
    value.forEach((item, i) => {
      if (isObject(item)) out.blocks.push({ block: item, path: `${path}[${i}]` });
      else if (isUnresolved(item)) out.unresolved.push({ value: item, path: `${path}[${i}]` });
    });
  } else if (isObject(value)) out.blocks.push({ block: value, path });
  else if (isUnresolved(value)) out.unresolved.push({ value, path });
}

/**
 * The blocks under `key` of a body, whichever way they were written: a CloudFormation list, a
 * Terraform block as an object or a list of objects, and Terraform `dynamic "<key>"` blocks,
 * whose `content` is the template of every block they generate (judged as written; an iterator
 * value inside it is UNKNOWN). Unlike `blocks`, nothing unreadable is dropped.
 */
export function nestedBlocks(body: Value | undefined, key: string, base = ''): NestedBlocks {
  const out = { blocks: [] as NestedBlock[], unresolved: [] as UnresolvedBlocks[] };
  if (!isObject(body)) {
    if (isUnresolved(body)) out.unresolved.push({ value: body, path: base });
    return out;
  }
  collect(body[key], joinPath(base, key), out);
  const dynamic = body.dynamic;
  if (dynamic === undefined) return out;
  const holders: { value: ValueObject; path: string }[] = isList(dynamic)
    ? dynamic.flatMap((d, i) => (isObject(d) ? [{ value: d, path: `${joinPath(base, 'dynamic')}[${i}]` }] : []))
    : isObject(dynamic)
      ? [{ value: dynamic, path: joinPath(base, 'dynamic') }]
      : [];
  for (const holder of holders) {
    const generators = holder.value[key];
    const path = joinPath(holder.path, key);
    const each = isList(generators) ? generators.map((g, i) => ({ g, p: `${path}[${i}]` })) : [{ g: generators, p: path }];
    for (const { g, p } of each) {
      if (isUnresolved(g)) out.unresolved.push({ value: g, path: p });
      else if (isObject(g)) collect(g.content, joinPath(p, 'content'), out);
    }
  }
  return out;
}

/**
 * Every value at a path of nested blocks (each step an object, a list of objects, or a Terraform
 * dynamic block), with the path it sits at; a step only the deploy can tell (an `Fn::If` over the
 * whole configuration, a `${var…}` list) is returned in place of what lies below it, so that a
 * rule says UNKNOWN for it rather than finding nothing.
 */
export function valuesAt(body: Value | undefined, keys: readonly string[], base = ''): { readonly value: Value; readonly path: string }[] {
  const [key, ...rest] = keys;
  if (key === undefined) return body === undefined ? [] : [{ value: body, path: base }];
  if (isUnresolved(body)) return [{ value: body, path: base }];
  if (rest.length === 0) {
    const leaf = isObject(body) ? body[key] : undefined;
    return leaf === undefined ? [] : [{ value: leaf, path: joinPath(base, key) }];
  }
  const found = nestedBlocks(body, key, base);
  return [...found.unresolved, ...found.blocks.flatMap((b) => valuesAt(b.block, rest, b.path))];
}

/**
 * The value at a path of plain keys, or, where a step on the way is a value only the deploy can
 * tell (`BucketEncryption: !If …`), that value and its path: so a rule reads it as UNKNOWN rather
 * than as absent. Undefined when the path is simply not there.
 */
export function reach(body: Value | undefined, keys: readonly string[], base = ''): { readonly value: Value; readonly path: string } | undefined {
  let current = body;
  let path = base;
  for (const key of keys) {
    if (isUnresolved(current)) return { value: current, path };
    if (!isObject(current)) return undefined;
    current = current[key];
    path = joinPath(path, key);
  }
  return current === undefined ? undefined : { value: current, path };
}
