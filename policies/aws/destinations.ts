import type { CheckContext } from '../rule.ts';
import type { Resource } from '../model/resource.ts';
import { Interpolation, Reference, Unknown, literalString, type Value } from '../model/value.ts';
import { tenantOf } from './located.ts';
import { hasUnknownPieces, nameShape, tenantBucketName } from './tenant-bucket-names.ts';

/**
 * Whether a destination (a bucket name or ARN, a log group, a vault) belongs to the artifact's
 * tenant: a reference to a resource of the same tenant, or a name the blueprint gives one of the
 * tenant's buckets: `sbx-<account>-<tenant>-<suffix>` with exactly the tenant's id, one of the
 * blueprint's suffixes, and as account the one deploying it (CloudFormation's AWS::AccountId,
 * Terraform's aws_caller_identity). A literal account may be anyone's.
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
  const text = nameShape(value);
  if (text === undefined) return { verdict: 'unknown', value };
  const name = text.replace(/^arn:[^:]*:s3:::/, '').split('/')[0]!;
  for (const r of context.artifact.resources) {
    if (BUCKET_TYPES.has(r.type) && literalString(r.properties.BucketName ?? r.properties.bucket) === name) return ownerOfResource(r, context, owner);
  }
  const named = tenantBucketName(value);
  if (named && owner !== undefined && named.tenant === owner) {
    if (named.account === 'deploying') return { verdict: 'tenant', what: name };
    if (named.account === 'unknown') return { verdict: 'unknown', value };
    return { verdict: 'other', what: `${text} (a bucket of the tenant’s name in the literal account of the name, which may be anyone’s, not the deploying account)` };
  }
  if (!named && hasUnknownPieces(value)) return { verdict: 'unknown', value };
  return { verdict: 'other', what: text };
}
