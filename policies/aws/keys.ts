import type { NormalisedArtifact, Resource } from '../model/resource.ts';
import { Reference, isUnresolved, literalString, type Value } from '../model/value.ts';
import { TENANT_TAG } from './located.ts';

/**
 * The KMS keys of an artifact and what a key property points at. A tenant has two keys
 * (stacks/blueprint): the data key, scheduled for deletion at exit (crypto-shredding, AI Act
 * Art. 59(1)(g)), and the evidence key, which outlives the tenant so the logs stay readable. Their
 * aliases (`alias/sandbox/<tenant>/data|evidence`) say which is which.
 */
export interface KeyView {
  readonly resource: Resource;
  readonly aliases: readonly string[];
  readonly tenant: string | undefined;
  readonly purpose: 'data' | 'evidence' | undefined;
}

export type KeyTarget =
  | { readonly kind: 'key'; readonly key: KeyView }
  | { readonly kind: 'absent' }
  | { readonly kind: 'foreign'; readonly text: string }
  | { readonly kind: 'unknown'; readonly value: Value };

const KEY_TYPES = new Set(['AWS::KMS::Key', 'aws_kms_key']);
const ALIAS_TYPES = new Set(['AWS::KMS::Alias', 'aws_kms_alias']);
const TENANT_ALIAS = /^alias\/sandbox\/([a-z][a-z0-9-]*)\/(data|evidence)$/;

const cache = new WeakMap<NormalisedArtifact, ReadonlyMap<Resource, KeyView>>();

export function keys(artifact: NormalisedArtifact): ReadonlyMap<Resource, KeyView> {
  const cached = cache.get(artifact);
  if (cached) return cached;
  const aliasesOf = new Map<Resource, string[]>();
  for (const alias of artifact.resources) {
    if (!ALIAS_TYPES.has(alias.type)) continue;
    const name = literalString(alias.properties.AliasName ?? alias.properties.name);
    const target = alias.properties.TargetKeyId ?? alias.properties.target_key_id;
    const key = target instanceof Reference ? artifact.byId.get(target.target) : undefined;
    if (name && key) aliasesOf.set(key, [...(aliasesOf.get(key) ?? []), name]);
  }
  const out = new Map<Resource, KeyView>();
  for (const resource of artifact.resources) {
    if (!KEY_TYPES.has(resource.type)) continue;
    const aliases = aliasesOf.get(resource) ?? [];
    const tenantAlias = aliases.map((a) => TENANT_ALIAS.exec(a)).find((m) => m !== null);
    out.set(resource, {
      resource,
      aliases,
      tenant: literalString(resource.tags[TENANT_TAG]) ?? tenantAlias?.[1],
      purpose: (tenantAlias?.[2] as 'data' | 'evidence' | undefined) ?? undefined,
    });
  }
  cache.set(artifact, out);
  return out;
}

/** What a `KMSMasterKeyID` / `kms_key_id` value designates. */
export function keyTarget(artifact: NormalisedArtifact, value: Value | undefined): KeyTarget {
  if (value === undefined || value === null || value === '') return { kind: 'absent' };
  const all = keys(artifact);
  if (value instanceof Reference) {
    const target = artifact.byId.get(value.target);
    if (target && KEY_TYPES.has(target.type)) return { kind: 'key', key: all.get(target)! };
    if (target && ALIAS_TYPES.has(target.type)) {
      const keyRef = target.properties.TargetKeyId ?? target.properties.target_key_id;
      const key = keyRef instanceof Reference ? artifact.byId.get(keyRef.target) : undefined;
      if (key && KEY_TYPES.has(key.type)) return { kind: 'key', key: all.get(key)! };
    }
    if (target) return { kind: 'foreign', text: `${value.expression} (a ${target.type}, not a KMS key)` };
    return { kind: 'unknown', value };
  }
  const text = literalString(value);
  if (text !== undefined) {
    // An alias name written out: it designates the key the artifact's alias resource targets.
    for (const key of all.values()) if (key.aliases.some((a) => a === text || text.endsWith(`:${a}`))) return { kind: 'key', key };
    return { kind: 'foreign', text };
  }
  if (isUnresolved(value)) return { kind: 'unknown', value };
  return { kind: 'foreign', text: JSON.stringify(value) };
}
