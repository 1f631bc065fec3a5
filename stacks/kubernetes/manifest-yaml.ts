import { stringify } from 'yaml';
import type { KubernetesObject } from './types.ts';

/**
 * Keys in a fixed order whatever order the builders wrote them in: identity first (apiVersion,
 * kind, metadata; name and namespace inside), then alphabetical. Byte-identical output is what
 * makes the environment fingerprint meaningful.
 */
const FIRST_KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace'];

function rank(key: string): number {
  const i = FIRST_KEYS.indexOf(key);
  return i < 0 ? FIRST_KEYS.length : i;
}

function compareKeys(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function withCanonicalKeyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withCanonicalKeyOrder);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareKeys)) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) out[key] = withCanonicalKeyOrder(child);
    }
    return out;
  }
  return value;
}

/**
 * What an exited tenant's file holds: an empty v1 List, so that the file is still recognisably
 * Kubernetes manifests to `sandbox check` and to kubectl, with nothing in it.
 */
const EMPTY_LIST = { apiVersion: 'v1', kind: 'List', items: [] } as const;

/**
 * Multi-document YAML. Strings are quoted wherever YAML 1.1 would read them as something else
 * (`"yes"`, `"0"`, dates): kubectl's parser follows 1.1, and a label value `No` must not become
 * false on the way in.
 */
export function manifestsYaml(objects: readonly KubernetesObject[], header: readonly string[]): string {
  const comments = header.map((line) => `# ${line}`.trimEnd()).join('\n');
  const documents = (objects.length > 0 ? objects : [EMPTY_LIST]).map((o) => `---\n${stringify(withCanonicalKeyOrder(o), { version: '1.1', lineWidth: 0 })}`);
  return [`${comments}\n`, ...documents].join('');
}

