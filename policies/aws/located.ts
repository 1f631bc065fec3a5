import type { CheckContext } from '../rule.ts';
import type { NormalisedArtifact, Resource } from '../model/resource.ts';
import { Reference, literalString, type Value } from '../model/value.ts';

/** A value together with the resource and property path it was read from (they differ in Terraform). */
export interface Located<T = Value> {
  readonly value: T;
  readonly resource: Resource;
  readonly path: string;
}

export function locate(resource: Resource, path: string, value: Value | undefined): Located | undefined {
  return value === undefined ? undefined : { value, resource, path };
}

/** The resource a Reference points at, if it is in the artifact. */
export function referenced(artifact: NormalisedArtifact, value: Value | undefined): Resource | undefined {
  return value instanceof Reference ? artifact.byId.get(value.target) : undefined;
}

export const TENANT_TAG = 'sandbox:tenant';

/** A resource's tenant: its `sandbox:tenant` tag, else the artifact's tenant. */
export function tenantOf(resource: Resource, context: CheckContext): string | undefined {
  return literalString(resource.tags[TENANT_TAG]) ?? context.tenantId;
}

export function tag(resource: Resource, key: string): string | undefined {
  return literalString(resource.tags[key]);
}
