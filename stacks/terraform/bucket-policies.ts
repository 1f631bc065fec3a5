import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { ENDPOINT_ONLY_S3_ACTIONS } from '../blueprint/index.ts';
import { policyJson, type PolicyStatement } from './policy-document.ts';
import { storeByKey, type Store, type TenantStores } from './stores.ts';
import type { TenantNetwork } from './network.ts';
import { arn, tfName, type TenantContext } from './tenant-context.ts';

const both = (bucket: S3Bucket) => [bucket.arn, `${bucket.arn}/*`];

/** GDPR Art. 32: every request to every store uses TLS, version 1.2 or later. */
const tlsOnly = (bucket: S3Bucket): PolicyStatement[] => [
  {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: both(bucket),
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
  {
    Sid: 'DenyTlsBefore12',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: both(bucket),
    Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
  },
];

function addPolicy(ctx: TenantContext, name: string, store: Store, statements: readonly PolicyStatement[]): S3BucketPolicy {
  return new S3BucketPolicy(ctx.stack, tfName(name, 'policy'), {
    bucket: store.bucket.id,
    policy: policyJson(statements),
    // S3 rejects a policy change while the public access block of the same bucket is being written.
    dependsOn: [store.publicAccessBlock],
  });
}

/** Returns the access-log store's policy, which the trail must wait for. */
export function addBucketPolicies(ctx: TenantContext, stores: TenantStores, network: TenantNetwork | null): S3BucketPolicy | null {
  const { blueprint } = ctx;
  for (const [id, store] of stores.data) {
    if (!network) throw new Error(`blueprint of ${blueprint.tenantId} has data stores but no network for their endpoint`);
    addPolicy(ctx, id, store, [
      ...tlsOnly(store.bucket),
      {
        Sid: 'DenyOutsideTenantVpcEndpoint',
        Effect: 'Deny',
        Principal: '*',
        // Data-plane actions only: Terraform keeps managing the bucket from outside the VPC.
        Action: [...ENDPOINT_ONLY_S3_ACTIONS],
        Resource: both(store.bucket),
        Condition: { StringNotEquals: { 'aws:SourceVpce': network.s3Endpoint.id } },
      },
    ]);
  }

  let trailDelivery: S3BucketPolicy | null = null;
  for (const [retentionClass, store] of stores.logs) {
    const statements = tlsOnly(store.bucket);
    const trail = blueprint.trail;
    if (trail && trail.deliverTo === retentionClass) {
      const trailArn = arn(ctx, 'cloudtrail', `trail/${blueprint.trailName}`);
      statements.push(
        {
          Sid: 'CloudTrailChecksAcl',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: store.bucket.arn,
          Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
        },
        {
          Sid: 'CloudTrailDelivers',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${store.bucket.arn}/AWSLogs/${ctx.accountId}/*`,
          Condition: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
      );
    }
    const policy = addPolicy(ctx, tfName('log', retentionClass), store, statements);
    if (trail && trail.deliverTo === retentionClass) trailDelivery = policy;
  }

  const serverAccessLogs = tlsOnly(stores.serverAccessLogs.bucket);
  const logged = blueprint.serverAccessLogs.loggedStores.map((key) => storeByKey(key, stores));
  if (logged.length > 0) {
    serverAccessLogs.push({
      Sid: 'S3ServerAccessLogsDeliver',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${stores.serverAccessLogs.bucket.arn}/*`,
      Condition: {
        StringEquals: { 'aws:SourceAccount': ctx.accountId },
        ArnLike: { 'aws:SourceArn': logged.map((s) => s.bucket.arn) },
      },
    });
  }
  addPolicy(ctx, 'server_access_logs', stores.serverAccessLogs, serverAccessLogs);
  return trailDelivery;
}
