import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging/index.js';
import { bucketName, type DataStoreId } from '../blueprint/index.ts';
import type { RetentionClassName } from '../../tenancy/index.ts';
import type { TenantKeys } from './keys.ts';
import { tfName, type TenantContext } from './tenant-context.ts';

/** A bucket and the configuration resources a bucket policy must wait for. */
export interface Store {
  readonly bucket: S3Bucket;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
}

export interface TenantStores {
  readonly data: ReadonlyMap<DataStoreId, Store>;
  readonly logs: ReadonlyMap<RetentionClassName, Store>;
  readonly serverAccessLogs: Store;
}

interface StoreOptions {
  readonly name: string;
  readonly suffix: string;
  readonly tags: Readonly<Record<string, string>>;
  /** A tenant key's ARN, or SSE-S3 where S3 itself cannot use a customer key (server access logs). */
  readonly encryption: { readonly kmsKeyArn: string } | 'sse-s3';
  /** Evidence outlives the tenant: Terraform refuses to plan its destruction (CDK's RETAIN). */
  readonly retain: boolean;
  readonly objectLockDays?: number;
}

/**
 * Every store gets the same baseline: default encryption (SSE-KMS with a tenant key), versioning, all four
 * public access blocks and ACLs disabled. The split resources are used because the inline
 * arguments of aws_s3_bucket are deprecated in 5.x and gone in 6.x.
 */
function addStore(ctx: TenantContext, o: StoreOptions): Store {
  const { stack } = ctx;
  const bucket = new S3Bucket(stack, o.name, {
    bucket: bucketName(ctx.accountId, ctx.blueprint.tenantId, o.suffix),
    tags: { ...o.tags },
    ...(o.objectLockDays === undefined ? {} : { objectLockEnabled: true }),
    // Data stores go at exit (AI Act Art. 59(1)(g)): removing them from the plan must empty them too.
    ...(o.retain ? { lifecycle: { preventDestroy: true } } : { forceDestroy: true }),
  });
  const versioning = new S3BucketVersioningA(stack, `${o.name}_versioning`, {
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  new S3BucketServerSideEncryptionConfigurationA(stack, `${o.name}_encryption`, {
    bucket: bucket.id,
    rule: [
      o.encryption === 'sse-s3'
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: o.encryption.kmsKeyArn }, bucketKeyEnabled: true },
    ],
  });
  const publicAccessBlock = new S3BucketPublicAccessBlock(stack, `${o.name}_public_access_block`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(stack, `${o.name}_ownership`, {
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  if (o.objectLockDays !== undefined) {
    new S3BucketObjectLockConfigurationA(stack, `${o.name}_object_lock`, {
      bucket: bucket.id,
      rule: { defaultRetention: { mode: 'COMPLIANCE', days: o.objectLockDays } },
      dependsOn: [versioning],
    });
  }
  return { bucket, publicAccessBlock };
}

export function addStores(ctx: TenantContext, keys: TenantKeys): TenantStores {
  const { blueprint, stack } = ctx;
  const sal = blueprint.serverAccessLogs;
  const serverAccessLogs = addStore(ctx, { name: 'server_access_logs', suffix: sal.nameSuffix, tags: sal.tags, encryption: sal.encryption, retain: true });
  new S3BucketLifecycleConfiguration(stack, 'server_access_logs_expiry', {
    bucket: serverAccessLogs.bucket.id,
    rule: [
      {
        id: 'expire-after-access-log-floor',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ days: sal.expireAfterDays }],
        noncurrentVersionExpiration: [{ noncurrentDays: sal.expireAfterDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ],
  });

  const evidence = { kmsKeyArn: keys.evidence.arn };
  const logs = new Map<RetentionClassName, Store>();
  for (const store of blueprint.logStores) {
    const name = tfName('log', store.retentionClass);
    logs.set(store.retentionClass, addStore(ctx, { name, suffix: store.nameSuffix, tags: store.tags, encryption: evidence, retain: true, objectLockDays: store.objectLockDays }));
  }

  const data = new Map<DataStoreId, Store>();
  for (const store of blueprint.dataStores) {
    if (!keys.data) throw new Error(`blueprint of ${blueprint.tenantId} has data stores but no data key`);
    data.set(store.id, addStore(ctx, { name: tfName(store.id), suffix: store.nameSuffix, tags: store.tags, encryption: { kmsKeyArn: keys.data.arn }, retain: false }));
  }

  const stores = { data, logs, serverAccessLogs };
  for (const key of sal.loggedStores) {
    new S3BucketLoggingA(stack, tfName(storeName(key, stores), 'access_logging'), {
      bucket: storeByKey(key, stores).bucket.id,
      targetBucket: serverAccessLogs.bucket.id,
      targetPrefix: `${key}/`,
    });
  }
  return stores;
}

/** Stores keyed as the blueprint and the SecurityProfile key them: data stores by id, log stores by class. */
export function storeByKey(key: string, stores: TenantStores): Store {
  const store = stores.data.get(key as DataStoreId) ?? stores.logs.get(key as RetentionClassName);
  if (!store) throw new Error(`the blueprint names a store that does not exist: ${key}`);
  return store;
}

const storeName = (key: string, stores: TenantStores) => (stores.data.has(key as DataStoreId) ? key : `log_${key}`);
