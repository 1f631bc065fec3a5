import type { NormalisedResources, Resource } from '../model/resource.ts';
import { Interpolation, Reference, Unknown, isList, isObject, type Value, type ValueObject } from '../model/value.ts';
import { mapList, mapRecord } from './copy-on-write.ts';
import { tagsFromCloudFormation } from './tags.ts';

/**
 * CloudFormation (JSON or YAML, long or short intrinsics) into the resource model. References to
 * resources of the same template stay References; parameters, pseudo parameters, imports and
 * conditions become Unknown, since only the deploy decides them.
 */

interface TemplateScope {
  readonly resources: ReadonlySet<string>;
  readonly parameters: ReadonlySet<string>;
  readonly mappings: ValueObject;
}

const MAX_EXPRESSION = 160;
const expressionOf = (raw: unknown): string => {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length > MAX_EXPRESSION ? `${text.slice(0, MAX_EXPRESSION - 1)}…` : text;
};

export function normaliseCloudFormation(file: string, template: Record<string, unknown>): NormalisedResources {
  const rawResources = isPlainRecord(template.Resources) ? template.Resources : {};
  const scope: TemplateScope = {
    resources: new Set(Object.keys(rawResources)),
    parameters: new Set(isPlainRecord(template.Parameters) ? Object.keys(template.Parameters) : []),
    mappings: (isPlainRecord(template.Mappings) ? template.Mappings : {}) as ValueObject,
  };
  const resources: Resource[] = [];
  for (const [id, raw] of Object.entries(rawResources)) {
    if (!isPlainRecord(raw)) continue;
    const resolved = resolve(raw.Properties ?? {}, scope);
    const properties: ValueObject = isObject(resolved) ? resolved : {};
    resources.push({
      format: 'cloudformation',
      file,
      id,
      type: typeof raw.Type === 'string' ? raw.Type : '(no Type)',
      properties,
      tags: tagsFromCloudFormation(properties.Tags),
      pathPrefix: 'Properties',
    });
  }
  return { format: 'cloudformation', resources };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value with its intrinsics resolved; plain subtrees are shared, not copied. */
function resolve(raw: unknown, scope: TemplateScope): Value {
  if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return mapList(raw, (item) => present(resolve(item, scope)));
  if (!isPlainRecord(raw)) return new Unknown(String(raw), 'not a JSON value');
  const keys = Object.keys(raw);
  if (keys.length === 1) {
    const key = keys[0]!;
    if (key === 'Ref' || key.startsWith('Fn::')) return intrinsic(key, raw[key], raw, scope);
  }
  return mapRecord(raw, (value) => present(resolve(value, scope)));
}

/** `Ref: AWS::NoValue` removes the property or list item it stands for. */
function present(value: Value): Value | undefined {
  return value instanceof Unknown && value.pseudo === 'AWS::NoValue' ? undefined : value;
}

function ref(name: unknown, raw: unknown, scope: TemplateScope): Value {
  const expression = expressionOf(raw);
  if (typeof name !== 'string') return new Unknown(expression, 'Ref to a computed name');
  if (scope.resources.has(name)) return new Reference(name, undefined, expression);
  if (name.startsWith('AWS::')) return new Unknown(expression, `the pseudo parameter ${name} is set at deploy time`, name);
  if (scope.parameters.has(name)) return new Unknown(expression, `the parameter ${name} is set at deploy time`);
  return new Unknown(expression, `${name} is neither a resource nor a parameter of this template`);
}

function getAtt(arg: unknown, raw: unknown, scope: TemplateScope): Value {
  const expression = expressionOf(raw);
  const [target, ...attribute] = typeof arg === 'string' ? arg.split('.') : Array.isArray(arg) ? arg.map(String) : [];
  if (target === undefined || !scope.resources.has(target)) return new Unknown(expression, 'Fn::GetAtt of something that is not a resource of this template');
  return new Reference(target, attribute.join('.') || undefined, expression);
}

function intrinsic(key: string, arg: unknown, raw: unknown, scope: TemplateScope): Value {
  const expression = expressionOf(raw);
  switch (key) {
    case 'Ref':
      return ref(arg, raw, scope);
    case 'Fn::GetAtt':
      return getAtt(arg, raw, scope);
    case 'Fn::Join': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string') return new Unknown(expression, 'Fn::Join with a computed delimiter');
      const list = resolve(arg[1], scope);
      if (!isList(list)) return new Unknown(expression, 'Fn::Join over a list known only at deploy time');
      return concatenate(list.flatMap((item, i) => (i === 0 ? [item] : [arg[0] as string, item])), expression);
    }
    case 'Fn::Sub':
      return substitute(arg, raw, scope);
    case 'Fn::Select': {
      if (!Array.isArray(arg)) return new Unknown(expression, 'malformed Fn::Select');
      const index = resolve(arg[0], scope);
      const list = resolve(arg[1], scope);
      const i = typeof index === 'number' ? index : typeof index === 'string' ? Number(index) : NaN;
      if (isList(list) && Number.isInteger(i) && list[i] !== undefined) return list[i]!;
      return new Unknown(expression, 'Fn::Select over values known only at deploy time');
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string') return new Unknown(expression, 'malformed Fn::Split');
      const source = resolve(arg[1], scope);
      if (typeof source === 'string') return source.split(arg[0]);
      return new Unknown(expression, 'Fn::Split of a value known only at deploy time');
    }
    case 'Fn::FindInMap': {
      if (!Array.isArray(arg)) return new Unknown(expression, 'malformed Fn::FindInMap');
      const keys = arg.map((k) => resolve(k, scope));
      let current: Value | undefined = scope.mappings;
      for (const k of keys) current = typeof k === 'string' && isObject(current) ? current[k] : undefined;
      return current === undefined ? new Unknown(expression, 'Fn::FindInMap with keys known only at deploy time') : resolve(current, scope);
    }
    case 'Fn::If':
      return new Unknown(expression, `depends on the condition ${Array.isArray(arg) ? String(arg[0]) : '?'}, decided at deploy time`);
    case 'Fn::ImportValue':
      return new Unknown(expression, 'imported from another stack at deploy time');
    case 'Fn::GetAZs':
      return new Unknown(expression, 'the availability zones are known at deploy time');
    default:
      return new Unknown(expression, `${key} is not evaluated at synth time`);
  }
}

/** Joins pieces into a string, or an Interpolation where some piece is not literal. */
function concatenate(pieces: readonly Value[], expression: string): Value {
  const parts: (string | Reference | Unknown)[] = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') parts.push(piece);
    else if (typeof piece === 'number' || typeof piece === 'boolean') parts.push(String(piece));
    else if (piece instanceof Reference || piece instanceof Unknown) parts.push(piece);
    else if (piece instanceof Interpolation) parts.push(...piece.parts);
    else parts.push(new Unknown(JSON.stringify(piece) ?? '?', 'a non-string value inside a string'));
  }
  const merged: (string | Reference | Unknown)[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else if (part !== '') merged.push(part);
  }
  if (merged.every((p) => typeof p === 'string')) return merged.join('');
  return merged.length === 1 ? merged[0]! : new Interpolation(merged, expression);
}

const SUB_VARIABLE = /\$\{(!?)([^}]*)\}/g;

function substitute(arg: unknown, raw: unknown, scope: TemplateScope): Value {
  const expression = expressionOf(raw);
  const [template, variables] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
  if (typeof template !== 'string') return new Unknown(expression, 'Fn::Sub of a computed string');
  const bound = isPlainRecord(variables) ? variables : {};
  const pieces: Value[] = [];
  let last = 0;
  for (const match of template.matchAll(SUB_VARIABLE)) {
    pieces.push(template.slice(last, match.index));
    last = match.index + match[0].length;
    const [, literal, name] = match as unknown as [string, string, string];
    if (literal === '!') pieces.push(`\${${name}}`);
    else if (name in bound) pieces.push(resolve(bound[name], scope));
    else if (name.includes('.') && !name.startsWith('AWS::')) pieces.push(getAtt(name, { 'Fn::GetAtt': name }, scope));
    else pieces.push(ref(name, { Ref: name }, scope));
  }
  pieces.push(template.slice(last));
  return concatenate(pieces, expression);
}
