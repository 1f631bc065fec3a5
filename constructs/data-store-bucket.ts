import { RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENDPOINT_ONLY_S3_ACTIONS, S3_OBJECT_WRITE } from '../stacks/blueprint/index.ts';
import { invalidProp } from './invalid-prop.ts';
import { encryptedWith, grantBucketRead, SECURE_BUCKET_BASELINE, type ServerAccessLogsDestination } from './secure-bucket-baseline.ts';
import type { TenantKey } from './tenant-key.ts';

export interface DataStoreBucketProps {
  readonly bucketName: string;
  /** The tenant's data key; scheduling its deletion at exit makes every object unreadable. */
  readonly encryptionKey: TenantKey;
  /** The tenant's S3 gateway endpoint: the only way in or out for objects. */
  readonly vpcEndpoint: ec2.IVpcEndpoint;
  /** S3 server access logs: required, a data store is never unobserved (EHDS Art. 73(1)(e)). */
  readonly serverAccessLogs: ServerAccessLogsDestination;
  /**
   * DESTROY (default): the bucket goes when it leaves the template at exit (AI Act Art. 59(1)(g)).
   * CloudFormation deletes it only once it holds no object version (emptying it would take a
   * Lambda-backed custom resource), so the operator empties it before that deploy; see
   * ENGINE_DIFFERENCES.dataStoreRemoval. The data key leaves at the same deploy, so whatever is
   * left is unreadable once the key is deleted.
   */
  readonly removalPolicy?: RemovalPolicy;
}

const CONSTRUCT = 'DataStoreBucket';

/**
 * A bucket for the tenant's data (datasets, workspace, results): encrypted with the data key and
 * reachable for reading or writing objects only through the tenant's VPC endpoint (AI Act
 * Art. 59(1)(d), (e)). Bucket management stays reachable from outside so a deploy can manage it;
 * the organisation SCP guards that path.
 */
export class DataStoreBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly encryptionKey: TenantKey;

  constructor(scope: Construct, id: string, props: DataStoreBucketProps) {
    super(scope, id);
    if (props.bucketName === '') throw invalidProp(CONSTRUCT, 'bucketName', 'must not be empty', props.bucketName);
    if (!/^[a-z0-9][a-z0-9!_.*'()/-]*\/$/.test(props.serverAccessLogs.prefix)) {
      throw invalidProp(CONSTRUCT, 'serverAccessLogs.prefix', 'must be a key prefix ending in "/"', props.serverAccessLogs.prefix);
    }
    this.encryptionKey = props.encryptionKey;
    this.bucket = new s3.Bucket(this, 'Resource', {
      ...SECURE_BUCKET_BASELINE,
      ...encryptedWith(props.encryptionKey, props.serverAccessLogs),
      bucketName: props.bucketName,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyOutsideTenantVpcEndpoint',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...ENDPOINT_ONLY_S3_ACTIONS],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 'aws:SourceVpce': props.vpcEndpoint.vpcEndpointId } },
      }),
    );
  }

  /** List and read objects, decrypting through S3 only. */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantBucketRead(grantee, this.bucket, this.encryptionKey);
  }

  /** Read, plus put, tag and delete objects (versioning keeps what was overwritten or deleted). */
  grantReadWrite(grantee: iam.IGrantable): iam.Grant {
    return this.grantRead(grantee)
      .combine(iam.Grant.addToPrincipal({ grantee, actions: [...S3_OBJECT_WRITE], resourceArns: [this.bucket.arnForObjects('*')] }))
      .combine(this.encryptionKey.grantEncryptDecrypt(grantee, { viaServices: ['s3'] }));
  }
}
