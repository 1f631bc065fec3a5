import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { KMS_DECRYPT, KMS_ENCRYPT, S3_OBJECT_APPEND } from '../stacks/blueprint/index.ts';
import { invalidProp, requireWholeNumber } from './invalid-prop.ts';
import { encryptedWith, grantBucketRead, SECURE_BUCKET_BASELINE, type ServerAccessLogsDestination } from './secure-bucket-baseline.ts';
import type { TenantKey } from './tenant-key.ts';

export interface EvidenceStoreBucketProps {
  readonly bucketName: string;
  /**
   * The retention class's floor in days, kept as the Object Lock default retention in COMPLIANCE
   * mode: nobody, the account root included, can delete or shorten it (regulation.md, "Retention
   * classes").
   */
  readonly retentionDays: number;
  /** The tenant's evidence key, which outlives the tenant. */
  readonly encryptionKey: TenantKey;
  readonly serverAccessLogs?: ServerAccessLogsDestination;
}

const CONSTRUCT = 'EvidenceStoreBucket';

/**
 * A log store for one retention class: write-once evidence that stays readable after the tenant
 * exits (AI Act Arts. 12, 19(1), 59(1)(h)). Object Lock in COMPLIANCE mode, the evidence key,
 * and RETAIN, so neither a deploy nor an administrator can remove it before its time.
 */
export class EvidenceStoreBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly encryptionKey: TenantKey;
  readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: EvidenceStoreBucketProps) {
    super(scope, id);
    if (props.bucketName === '') throw invalidProp(CONSTRUCT, 'bucketName', 'must not be empty', props.bucketName);
    requireWholeNumber(CONSTRUCT, 'retentionDays', props.retentionDays, 1, 36_500);
    this.encryptionKey = props.encryptionKey;
    this.retentionDays = props.retentionDays;
    this.bucket = new s3.Bucket(this, 'Resource', {
      ...SECURE_BUCKET_BASELINE,
      ...encryptedWith(props.encryptionKey, props.serverAccessLogs),
      bucketName: props.bucketName,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(props.retentionDays)),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Read the evidence: list and get objects, and decrypt them through S3 only. */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantBucketRead(grantee, this.bucket, this.encryptionKey);
  }

  /**
   * Add objects under `prefix` (e.g. `ledger/`), and nothing else: no read, no delete, no other
   * prefix. An upload to an existing key adds a version; Object Lock keeps the earlier one. The
   * key is used through S3 only, with kms:Decrypt because a multipart upload needs it to complete.
   */
  grantAppend(grantee: iam.IGrantable, prefix: string): iam.Grant {
    if (!/^[a-z0-9][a-z0-9!_.'()/-]*\/$/.test(prefix)) {
      throw new Error(`${CONSTRUCT}.grantAppend: prefix must be a literal key prefix ending in "/", without wildcards (got ${JSON.stringify(prefix)})`);
    }
    return iam.Grant.addToPrincipal({ grantee, actions: [...S3_OBJECT_APPEND], resourceArns: [this.bucket.arnForObjects(`${prefix}*`)] }).combine(
      this.encryptionKey.grant(grantee, [...KMS_DECRYPT, ...KMS_ENCRYPT], { viaServices: ['s3'] }),
    );
  }

  /**
   * Lets the named trail deliver its log files here, and nobody else through this grant: the
   * `aws:SourceArn` condition stops another account's trail from writing into the store. Returns
   * the bucket policy, which the trail must wait for: CloudTrail checks it at creation.
   */
  grantTrailDelivery(trailArn: string): s3.BucketPolicy {
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const account = Stack.of(this).account;
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailChecksAcl',
        principals: [cloudTrail],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDelivers',
        principals: [cloudTrail],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`AWSLogs/${account}/*`)],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
    if (!this.bucket.policy) throw new Error(`${CONSTRUCT} ${this.node.path}: the bucket policy was not created`);
    return this.bucket.policy;
  }
}
