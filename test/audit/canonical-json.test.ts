import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../audit/index.ts';

/** canonicalJson takes shortcuts through JSON.stringify; the `canonicalize` package is the reference. */
function reference(value: unknown): { out?: string; threw: boolean } {
  try {
    return { out: canonicalize(value), threw: false };
  } catch {
    return { threw: true };
  }
}

function ours(value: unknown): { out?: string; threw: boolean } {
  try {
    return { out: canonicalJson(value), threw: false };
  } catch {
    return { threw: true };
  }
}

const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  // Lone surrogates and escapes, which JSON.stringify and JCS treat differently.
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
);
const key = fc.oneof(anyString, fc.constantFrom('__proto__', '0', '1', '10', '9', 'a', 'b', 'hash', 'toJSON'));
const value = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    anyString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('json')),
    fc.dictionary(key, tie('json')),
  ),
})).json;

describe('canonicalJson', () => {
  it('produces exactly the bytes of the reference RFC 8785 implementation, or fails where it fails', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(ours(v)).toEqual(reference(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on parsed JSON text, the shape verify reads back', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const parsed: unknown = JSON.parse(JSON.stringify(v));
        expect(ours(parsed)).toEqual(reference(parsed));
      }),
      { numRuns: 1000 },
    );
  });

  it('sorts keys by UTF-16 code units and renders numbers as ECMAScript does', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, -0], '\u00e9': 'x', A: null })).toBe('{"A":null,"a":[1e+21,0.1,0],"b":1,"é":"x"}');
    expect(canonicalJson({ '10': 1, '9': 2 })).toBe('{"10":1,"9":2}');
    const withProto: unknown = JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}');
    expect(canonicalJson(withProto)).toBe(canonicalize(withProto));
  });

  it('rejects what is not JSON', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson('\ud800')).toThrow();
    expect(() => canonicalJson(undefined)).toThrow();
  });
});
