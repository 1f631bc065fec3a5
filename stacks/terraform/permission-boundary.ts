import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import { KMS_DECRYPT, KMS_ENCRYPT, LOGS_READ, S3_BUCKET_READ, S3_OBJECT_READ, S3_OBJECT_WRITE, TRAIL_LOOKUP, TRAIL_READ, tenantBucketArns } from '../blueprint/index.ts';
import { policyJson } from './policy-document.ts';
import { arn, type TenantContext } from './tenant-context.ts';

/**
 * The ceiling of every person role: the actions any role of this tenant may ever get, on this
 * tenant's resources only. Whatever policy is attached to a role later, by mistake or on purpose,
 * it cannot reach another tenant's stores or keys or do anything outside this list. Resources are
 * matched by exact name and tag, not by reference, so the boundary never waits for the resources;
 * a bucket name pattern would also match the stores of a tenant whose id extends this one's.
 */
export function addPermissionBoundary(ctx: TenantContext): IamPolicy {
  const { blueprint, accountId, partition } = ctx;
  const tenant = blueprint.tenantId;
  const buckets = tenantBucketArns(blueprint, partition, accountId);
  return new IamPolicy(ctx.stack, 'permission_boundary', {
    name: blueprint.permissionBoundaryName,
    description: `Sandbox ${tenant}: the most any person role of this tenant may do`,
    policy: policyJson([
      { Sid: 'TenantStores', Effect: 'Allow', Action: [...S3_BUCKET_READ, ...S3_OBJECT_READ, ...S3_OBJECT_WRITE], Resource: buckets.flatMap((b) => [b, `${b}/*`]) },
      {
        Sid: 'TenantKeys',
        Effect: 'Allow',
        Action: [...KMS_DECRYPT, ...KMS_ENCRYPT],
        Resource: arn(ctx, 'kms', 'key/*'),
        Condition: { StringEquals: { 'aws:ResourceTag/sandbox:tenant': tenant } },
      },
      { Sid: 'TenantLogGroups', Effect: 'Allow', Action: [...LOGS_READ], Resource: arn(ctx, 'logs', `log-group:${blueprint.logGroupPrefix}*`) },
      { Sid: 'TenantTrail', Effect: 'Allow', Action: [...TRAIL_READ], Resource: arn(ctx, 'cloudtrail', `trail/${blueprint.trailName}`) },
      // AWS does not scope LookupEvents to a resource; it only reads management events.
      { Sid: 'TrailLookup', Effect: 'Allow', Action: [...TRAIL_LOOKUP], Resource: '*' },
    ]),
  });
}
