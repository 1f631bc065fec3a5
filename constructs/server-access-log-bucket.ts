import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { invalidProp, requireWholeNumber } from './invalid-prop.ts';
import { SECURE_BUCKET_BASELINE } from './secure-bucket-baseline.ts';

export interface ServerAccessLogBucketProps {
  readonly bucketName: string;
  /**
   * Log objects expire after this many days: the ceiling of the access-log class. At least 365
   * (EHDS Art. 73(1)(e): access logs kept at least one year).
   */
  readonly expireAfterDays: number;
}

const CONSTRUCT = 'ServerAccessLogBucket';

/**
 * The destination of S3 server access logs. S3 delivers these only into a bucket without Object
 * Lock default retention and with SSE-S3 default encryption (S3 User Guide, "Enabling Amazon S3
 * server access logging"), so this bucket is the one store without the tenant's evidence key; it
 * is retained when the tenant exits and expires its logs after the access-log period.
 */
export class ServerAccessLogBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ServerAccessLogBucketProps) {
    super(scope, id);
    if (props.bucketName === '') throw invalidProp(CONSTRUCT, 'bucketName', 'must not be empty', props.bucketName);
    requireWholeNumber(CONSTRUCT, 'expireAfterDays', props.expireAfterDays, 365, 36_500);
    this.bucket = new s3.Bucket(this, 'Resource', {
      ...SECURE_BUCKET_BASELINE,
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.S3_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-after-access-log-period',
          expiration: Duration.days(props.expireAfterDays),
          noncurrentVersionExpiration: Duration.days(props.expireAfterDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
  }
}
