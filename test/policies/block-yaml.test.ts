import fc from 'fast-check';
import { parseAllDocuments, stringify, type ToStringOptions } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readBlockYaml } from '../../policies/normalise/block-yaml.ts';
import { kubernetes } from '../../policies/catalog/fixtures/cases.ts';
import { synthesizeKubernetes } from '../../stacks/kubernetes/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';

/**
 * The fast block-YAML reader must read exactly what the `yaml` library reads, or step aside
 * (undefined) so the library reads it: never a different value.
 */
const full = (text: string) => parseAllDocuments(text).map((d) => d.toJS()).filter((x: unknown) => x !== null && x !== undefined);

function agrees(text: string): 'fast' | 'fallback' {
  const fast = readBlockYaml(text);
  if (fast === undefined) return 'fallback';
  expect(fast.map((d) => d.data)).toStrictEqual(full(text));
  return 'fast';
}

describe('the block-YAML reader', () => {
  it('reads every manifest the Kubernetes engine writes, in every lifecycle, on the fast path', async () => {
    for (const tenant of exampleTenants()) {
      for (const status of ['active', 'suspended', 'exited'] as const) {
        const [artifact] = (await synthesizeKubernetes(withStatus(tenant, status))).artifacts;
        expect(agrees(artifact!.content), `${tenant.id} ${status}`).toBe('fast');
      }
    }
  });

  it('reads every Kubernetes fixture of the catalog on the fast path', () => {
    expect(agrees(kubernetes('pass', 'baseline').content)).toBe('fast');
  });

  const STYLES: ToStringOptions[] = [{}, { lineWidth: 0 }, { indentSeq: false }, { defaultStringType: 'QUOTE_SINGLE' }, { defaultStringType: 'QUOTE_DOUBLE' }, { blockQuote: 'literal' }, { indent: 4 }];
  const key = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('apiVersion', 'kind', 'metadata', 'pod-security.kubernetes.io/enforce', 'sandbox/tenant', 'a b', '#x', 'k: v', '- x', 'true', '1'));
  const leaf = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', ' lead', 'trail ', 'a: b', 'x #y', '#c', 'multi\nline\n', 'keep\n\n', 'strip', 'null', 'true', '0x1F', '1e3', '.inf', '-', '- a', '{a}', '[b]', "it's", 'say "hi"', 'tab\tin', 'uni é ✓', '\\'),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
  })).node;
  const document = fc.oneof(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), fc.array(value, { minLength: 1, maxLength: 4 }));

  it('agrees with the yaml library on generated documents in many writing styles, or steps aside', () => {
    let fastPaths = 0;
    fc.assert(
      fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), fc.constantFrom(...STYLES), (docs, style) => {
        const text = docs.map((d) => `---\n${stringify(d, style)}`).join('');
        if (agrees(text) === 'fast') fastPaths++;
      }),
      { numRuns: 400, seed: 4242 },
    );
    // Most generated documents are plain block YAML: the fast path must not be the rare case.
    expect(fastPaths).toBeGreaterThan(100);
  });

  it.each([
    ['comments everywhere', '# top\na: 1 # one\n# between\nb:\n  # inside\n  - x # item\n  - "y" # quoted\n', 'fast'],
    ['an indentless sequence under a key', 'items:\n- a\n- b: 1\n  c: 2\nnext: true\n', 'fast'],
    ['nested sequences on one line', '- - a\n  - b\n- - c\n', 'fast'],
    ['quoted keys and values', '"a b": \'it\'\'s\'\n\'c:d\': "e\\n\\"f\\""\n', 'fast'],
    ['literal blocks with every chomping and blank lines', 'keep: |+\n  a\n\n  b\n\nclip: |\n  c\n\n\nstrip: |-\n  d\n   indented\nafter: 1\n', 'fast'],
    ['empty values and flow collections on one line', 'a:\nb: {}\nc: []\nd: {x: 1, y: [2, 3]}\ne: ~\n', 'fast'],
    ['numbers and booleans of the core schema', 'i: -12\no: 0o17\nh: 0xff\nf: 1.5e3\ninf: -.inf\nt: True\ns: "12"\nv: 1.2.3\n', 'fast'],
    ['anchors and aliases', 'a: &x 1\nb: *x\n', 'fallback'],
    ['tags', 'a: !!str 1\n', 'fallback'],
    ['a folded block', 'a: >\n  folded\n  text\n', 'fallback'],
    ['a plain scalar over two lines', 'a: one\n  two\n', 'fallback'],
    ['a flow collection over two lines', 'a: [1,\n  2]\n', 'fallback'],
    ['a directive', '%YAML 1.2\n---\na: 1\n', 'fallback'],
  ])('handles %s', (_what, text, expected) => {
    expect(agrees(text)).toBe(expected);
  });

  it('steps aside on broken YAML, so the full parser can name the error', () => {
    expect(readBlockYaml('a: [1, 2\nb: c\n')).toBeUndefined();
    expect(readBlockYaml('a: 1\n b: 2\n')).toBeUndefined();
    expect(readBlockYaml('- a\nb: 1\n')).toBeUndefined();
  });

  it('names the first content line of each document', () => {
    const docs = readBlockYaml('# header\n---\n\na: 1\n---\n# c\nb: 2\n')!;
    expect(docs.map((d) => d.line)).toEqual([4, 7]);
  });
});
