import type { NormalisedArtifact, Resource } from '../model/resource.ts';
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
