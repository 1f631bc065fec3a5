import { Interpolation, Reference, Unknown, type Value } from '../model/value.ts';

/**
 * Terraform JSON strings with `${…}` interpolations. A plain traversal of a resource or data
 * source (`aws_kms_key.data.arn`, `data.aws_iam_policy_document.p.json`) becomes a Reference; a
 * local with a literal value is inlined; variables, module outputs, functions and template
 * directives become Unknown, because only `terraform plan` can evaluate them.
 */

export type LocalLookup = (name: string) => Value | undefined;

const TRAVERSAL = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"]*"\])*$/;

export function hasInterpolation(text: string): boolean {
  return text.includes('${') || text.includes('%{');
}

/** Splits a string into literal text and the expressions inside `${…}`, honouring `$${` escapes. */
function split(text: string): { parts: (string | { expr: string })[]; ok: boolean } {
  const parts: (string | { expr: string })[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      literal += text.slice(i + 1, i + 3);
      i += 3;
      continue;
    }
    if (text.startsWith('%{', i)) return { parts, ok: false };
    if (text.startsWith('${', i)) {
      const end = closingBrace(text, i + 2);
      if (end < 0) return { parts, ok: false };
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ expr: text.slice(i + 2, end).trim() });
      i = end + 1;
      continue;
    }
    literal += text[i];
    i++;
  }
  if (literal) parts.push(literal);
  return { parts, ok: true };
}

/** The index of the `}` closing an interpolation opened before `from`, skipping nested braces and strings. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function expressionValue(expr: string, locals: LocalLookup, iterators: ReadonlySet<string>): Value {
  const shown = `\${${expr}}`;
  if (!TRAVERSAL.test(expr)) return new Unknown(shown, 'a Terraform expression evaluated only by terraform plan');
  const steps = expr.replace(/\[(\d+|"[^"]*")\]/g, '').split('.');
  const [root, second, third] = steps;
  if (root !== undefined && iterators.has(root)) return new Unknown(shown, `${root} is the iterator of a dynamic block, one element of its for_each per generated block, known only when Terraform runs`);
  switch (root) {
    case 'var':
      return new Unknown(shown, `the variable ${second} is set when Terraform runs`);
    case 'local': {
      const local = second === undefined ? undefined : locals(second);
      if (local !== undefined && steps.length === 2) return local;
      return new Unknown(shown, `the local ${second} is not a literal`);
    }
    case 'data':
      if (second === undefined || third === undefined) return new Unknown(shown, 'an incomplete data source reference');
      return new Reference(`data.${second}.${third}`, steps.slice(3).join('.') || undefined, shown);
    case 'module':
      return new Unknown(shown, `an output of the module ${second}, known only after terraform plan`);
    case 'count':
    case 'each':
    case 'path':
    case 'terraform':
    case 'self':
      return new Unknown(shown, `${root}.* is known only when Terraform runs`);
    default:
      if (second === undefined) return new Unknown(shown, 'not a resource reference');
      return new Reference(`${root}.${second}`, steps.slice(2).join('.') || undefined, shown);
  }
}

/** A Terraform JSON string as a Value: literal, Reference, Unknown, or Interpolation of those. */
const NO_ITERATORS: ReadonlySet<string> = new Set();

export function terraformString(text: string, locals: LocalLookup, iterators: ReadonlySet<string> = NO_ITERATORS): Value {
  if (!hasInterpolation(text)) return text;
  const { parts, ok } = split(text);
  if (!ok) return new Unknown(text, 'a Terraform template directive evaluated only by terraform plan');
  const values = parts.map((p) => (typeof p === 'string' ? p : expressionValue(p.expr, locals, iterators)));
  if (values.length === 1 && typeof values[0] !== 'string') return values[0]!;
  const pieces: (string | Reference | Unknown)[] = [];
  const push = (p: string | Reference | Unknown) => {
    const last = pieces[pieces.length - 1];
    if (typeof p === 'string' && typeof last === 'string') pieces[pieces.length - 1] = last + p;
    else pieces.push(p);
  };
  for (const v of values) {
    if (typeof v === 'string' || v instanceof Reference || v instanceof Unknown) push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') push(String(v));
    else if (v instanceof Interpolation) v.parts.forEach(push);
    else push(new Unknown(JSON.stringify(v) ?? '?', 'a non-string local inside a string'));
  }
  if (pieces.every((p) => typeof p === 'string')) return pieces.join('');
  return new Interpolation(pieces, text);
}
