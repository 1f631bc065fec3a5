import type { NormalisedArtifact, Resource } from '../model/resource.ts';
import type { CheckContext, Evaluation, FormatCheck } from '../rule.ts';
import { at, isList, isObject, literalString, type Value } from '../model/value.ts';

export function inNamespace(artifact: NormalisedArtifact, namespace: string, kind: string): Resource[] {
  return artifact.resources.filter((r) => r.type === kind && r.namespace === namespace);
}

/** An empty label selector (`{}`, or no matchLabels/matchExpressions) selects every pod. */
export function selectsAll(selector: Value | undefined): boolean {
  if (!isObject(selector)) return false;
  const labels = selector.matchLabels;
  const expressions = selector.matchExpressions;
  return (!isObject(labels) || Object.keys(labels).length === 0) && (!isList(expressions) || expressions.length === 0);
}

export function stringList(value: Value | undefined): string[] {
  return isList(value) ? value.map(literalString).filter((s): s is string => s !== undefined) : [];
}

export function label(resource: Resource, key: string): string | undefined {
  return literalString(at(resource.properties, 'metadata', 'labels', key));
}

/** A tenant namespace of a manifest set: declared by a Namespace object, or only used by the objects in it. */
export interface TenantNamespace {
  /** The Namespace object, or for an undeclared one a stand-in named `Namespace/<name>`. */
  readonly resource: Resource;
  readonly name: string;
  readonly declared: boolean;
  /** For an undeclared namespace: the first object placed in it, for the message. */
  readonly usedBy?: Resource;
}

const TENANT_NAMESPACE = /^sbx-/;
const namespacesCache = new WeakMap<NormalisedArtifact, readonly TenantNamespace[]>();

/**
 * Every namespace the namespace rules hold to "every tenant namespace": each Namespace object, and
 * each tenant namespace (`sbx-…`) that objects are placed in without its Namespace object in the
 * same file. A manifest of workloads alone must not escape the default deny, the quota and the
 * admission binding by leaving the Namespace out.
 */
export function tenantNamespaces(artifact: NormalisedArtifact): readonly TenantNamespace[] {
  const cached = namespacesCache.get(artifact);
  if (cached) return cached;
  const out: TenantNamespace[] = [];
  const declared = new Set<string>();
  for (const r of artifact.resources) {
    if (r.type !== 'Namespace') continue;
    const name = r.name ?? '';
    declared.add(name);
    out.push({ resource: r, name, declared: true });
  }
  for (const r of artifact.resources) {
    const name = r.namespace;
    if (name === undefined || declared.has(name) || !TENANT_NAMESPACE.test(name)) continue;
    declared.add(name);
    const stand: Resource = {
      format: 'kubernetes',
      file: artifact.file,
      id: `Namespace/${name}`,
      type: 'Namespace',
      properties: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      tags: {},
      pathPrefix: '',
      name,
    };
    out.push({ resource: stand, name, declared: false, usedBy: r });
  }
  namespacesCache.set(artifact, out);
  return out;
}

/** "namespace sbx-x", and for an undeclared one where it comes from. */
export function namespaceLabel(ns: TenantNamespace): string {
  return ns.declared ? `namespace ${ns.name}` : `namespace ${ns.name} (used by ${ns.usedBy!.id}, with no Namespace object in this artifact)`;
}

/** Runs a per-namespace check over every tenant namespace of the artifact (see tenantNamespaces). */
export function eachTenantNamespace(check: (ns: TenantNamespace, context: CheckContext) => Evaluation | readonly Evaluation[]): FormatCheck {
  return function* (context) {
    for (const ns of tenantNamespaces(context.artifact)) {
      const result = check(ns, context);
      if (Array.isArray(result)) yield* result;
      else yield result as Evaluation;
    }
  };
}
