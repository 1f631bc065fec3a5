import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON, the bytes every event hash and signature is computed over.
 *
 * JCS serializes strings and numbers exactly as ECMAScript's JSON.stringify does; it differs only
 * in key order (sorted by UTF-16 code units) and in rejecting what is not JSON. So for a value
 * whose object keys are already in that order (every event line the ledger wrote, parsed back) the
 * native JSON.stringify yields the canonical bytes at a fraction of the cost of a generic walk,
 * which is what lets verify reach its throughput goal; other plain JSON is first copied with its
 * keys inserted in order (the writer's case). What neither path can vouch for goes to the
 * `canonicalize` package; test/audit/canonical-json.test.ts checks that all paths agree on
 * arbitrary values.
 */
export function canonicalJson(value: unknown): string {
  const ordered = inCanonicalOrder(value) ? value : orderedCopy(value);
  if (ordered !== NOT_PLAIN) {
    const out = JSON.stringify(ordered);
    // Well-formed JSON.stringify escapes a lone surrogate as "\udxxx" where JCS rejects it: leave
    // any string that might hold one to the reference implementation.
    if (!out.includes('\\ud')) return out;
  }
  const out = canonicalize(value);
  if (out === undefined) throw new TypeError(`cannot serialize ${typeof value} as JSON`);
  return out;
}

/**
 * True when JSON.stringify(value) already is canonical: only JSON values, plain objects whose keys
 * come in strictly ascending UTF-16 order (which also rules out integer-like keys that V8 would
 * reorder), finite numbers.
 */
export function inCanonicalOrder(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!inCanonicalOrder(item)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  let previous: string | undefined;
  for (const key in value) {
    if ((previous !== undefined && !(previous < key)) || key === '__proto__') return false;
    previous = key;
    if (!inCanonicalOrder((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

const NOT_PLAIN = Symbol('not plain JSON');

/**
 * The same JSON with object keys inserted in canonical order where that is possible (else the
 * value itself): the writer applies it to caller-supplied details so that hashing the whole
 * event stays on the fast path.
 */
export function withCanonicalKeyOrder<T>(value: T): T {
  if (inCanonicalOrder(value)) return value;
  const ordered = orderedCopy(value);
  return ordered === NOT_PLAIN ? value : (ordered as T);
}

/**
 * A copy of plain JSON with every object's keys inserted in sorted order, or NOT_PLAIN for what
 * JSON.stringify would not render canonically: non-finite numbers, undefined, class instances,
 * keys starting with a digit (V8 lists integer-like keys first, whatever the insertion order).
 */
function orderedCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = orderedCopy(value[i]);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[i] = item;
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const first = key.charCodeAt(0);
    // Assigning "__proto__" would set the prototype instead of a property.
    if ((first >= 48 && first <= 57) || key === '__proto__') return NOT_PLAIN;
    const item = orderedCopy((value as Record<string, unknown>)[key]);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    out[key] = item;
  }
  return out;
}
