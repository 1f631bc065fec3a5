import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3_BUCKET_READ, S3_OBJECT_READ } from '../stacks/blueprint/index.ts';
import type { TenantKey } from './tenant-key.ts';

/**
 * What every tenant bucket has, whatever it holds: no public access of any kind, ACLs disabled,
 * TLS 1.2 or later only (GDPR Art. 32), and versioning so an overwrite never loses the previous
 * object.
 */
export const SECURE_BUCKET_BASELINE = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  versioned: true,
} as const satisfies s3.BucketProps;

/** Where a bucket's S3 server access logs go. */
export interface ServerAccessLogsDestination {
  readonly bucket: s3.IBucket;
  /** Key prefix inside the destination, one per source bucket (e.g. `datasets/`). */
  readonly prefix: string;
}

/** SSE-KMS with a tenant key; S3 Bucket Keys keep the KMS calls (and their cost) per bucket low. */
export function encryptedWith(key: TenantKey, serverAccessLogs?: ServerAccessLogsDestination): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key.key,
    bucketKeyEnabled: true,
    ...(serverAccessLogs ? { serverAccessLogsBucket: serverAccessLogs.bucket, serverAccessLogsPrefix: serverAccessLogs.prefix } : {}),
  };
}

/** List a bucket and read its objects (the blueprint's exact actions), decrypting through S3 only. */
export function grantBucketRead(grantee: iam.IGrantable, bucket: s3.IBucket, key: TenantKey): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions: [...S3_BUCKET_READ], resourceArns: [bucket.bucketArn] })
    .combine(iam.Grant.addToPrincipal({ grantee, actions: [...S3_OBJECT_READ], resourceArns: [bucket.arnForObjects('*')] }))
    .combine(key.grantDecrypt(grantee, { viaServices: ['s3'] }));
}
