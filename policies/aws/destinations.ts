import type { CheckContext } from '../rule.ts';
import type { Resource } from '../model/resource.ts';
import { Interpolation, Reference, Unknown, literalString, type Value } from '../model/value.ts';
import { tenantOf } from './located.ts';

/**
 * Whether a destination (a bucket name or ARN, a log group, a vault) belongs to the artifact's
 * tenant: a reference to a resource of the same tenant, or a name following the tenant's bucket
 * naming (`sbx-<account>-<tenant>-<suffix>`, the account being whatever deploys it).
 */
export type Ownership =
  | { readonly verdict: 'tenant'; readonly what: string }
  | { readonly verdict: 'other'; readonly what: string }
  | { readonly verdict: 'unknown'; readonly value: Value };

const BUCKET_TYPES = new Set(['AWS::S3::Bucket', 'aws_s3_bucket']);

function ownerOfResource(target: Resource, context: CheckContext, owner: string | undefined): Ownership {
  const targetTenant = tenantOf(target, context);
  return targetTenant !== undefined && targetTenant === owner
    ? { verdict: 'tenant', what: target.id }
    : { verdict: 'other', what: `${target.id} (tenant ${targetTenant ?? 'none'})` };
}

/** The name with unknown pieces as `*`: `sbx-*-diabetes-risk-access`. */
function shape(value: Value): string | undefined {
  const literal = literalString(value);
  if (literal !== undefined) return literal;
  if (value instanceof Interpolation) return value.parts.map((p) => (typeof p === 'string' ? p : '*')).join('');
  return undefined;
}

export function ownership(value: Value, context: CheckContext, owner: string | undefined): Ownership {
  if (value instanceof Reference) {
    const target = context.artifact.byId.get(value.target);
    return target ? ownerOfResource(target, context, owner) : { verdict: 'unknown', value };
  }
  if (value instanceof Interpolation) {
    const bucketRef = value.parts.find((p): p is Reference => p instanceof Reference && BUCKET_TYPES.has(context.artifact.byId.get(p.target)?.type ?? ''));
    if (bucketRef) return ownerOfResource(context.artifact.byId.get(bucketRef.target)!, context, owner);
  }
  if (value instanceof Unknown) return { verdict: 'unknown', value };
  const text = shape(value);
  if (text === undefined) return { verdict: 'unknown', value };
  const name = text.replace(/^arn:[^:]*:s3:::/, '').split('/')[0]!;
  for (const r of context.artifact.resources) {
    if (BUCKET_TYPES.has(r.type) && literalString(r.properties.BucketName ?? r.properties.bucket) === name) return ownerOfResource(r, context, owner);
  }
  if (owner && new RegExp(`^sbx-(\\*|\\d{12})-${owner}-[a-z0-9-]+$`).test(name)) return { verdict: 'tenant', what: name };
  if (name.includes('*')) return { verdict: 'unknown', value };
  return { verdict: 'other', what: text };
}
