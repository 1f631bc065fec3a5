import { Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TRAIL_LOOKUP, TRAIL_READ } from '../stacks/blueprint/index.ts';
import type { EvidenceStoreBucket } from './evidence-store-bucket.ts';
import { invalidProp } from './invalid-prop.ts';
import type { TenantKey } from './tenant-key.ts';

export interface AuditTrailProps {
  readonly trailName: string;
  /** The Object Lock store the log files go to. */
  readonly destination: EvidenceStoreBucket;
  /** The evidence key; defaults to the destination's key. */
  readonly encryptionKey?: TenantKey;
  /**
   * Buckets whose every object read and write is recorded (data events). Never the destination:
   * each delivery would be recorded and delivered in turn, a loop.
   */
  readonly dataEventBuckets?: readonly s3.IBucket[];
}

const CONSTRUCT = 'AuditTrail';

/**
 * The tenant's trail (AI Act Arts. 12, 19(1), 26(6); EHDS Art. 73(1)(e)): management events in
 * every region, including attempts the region guardrail denies, and object-level events on the
 * given buckets, with log-file validation (signed digests) and KMS encryption, into an Object Lock
 * store. Built on the L1 resource so its delivery is tied to this trail's ARN.
 */
export class AuditTrail extends Construct {
  readonly trail: cloudtrail.CfnTrail;
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/.test(props.trailName)) throw invalidProp(CONSTRUCT, 'trailName', 'must be 3 to 128 letters, digits, ".", "_" or "-"', props.trailName);
    const key = props.encryptionKey ?? props.destination.encryptionKey;
    this.trailArn = AuditTrail.arnForName(this, props.trailName);
    const deliveryPolicy = props.destination.grantTrailDelivery(this.trailArn);
    key.grantEncryptionToTrail(this.trailArn);
    const dataBuckets = props.dataEventBuckets ?? [];
    if (dataBuckets.includes(props.destination.bucket)) {
      throw invalidProp(CONSTRUCT, 'dataEventBuckets', 'must not include the destination store: the trail would record its own deliveries, without end', props.destination.bucket.node.path);
    }
    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName: props.trailName,
      isLogging: true,
      s3BucketName: props.destination.bucket.bucketName,
      kmsKeyId: key.keyArn,
      enableLogFileValidation: true,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: true,
      eventSelectors: [
        {
          readWriteType: 'All',
          includeManagementEvents: true,
          ...(dataBuckets.length > 0 ? { dataResources: [{ type: 'AWS::S3::Object', values: dataBuckets.map((b) => `${b.bucketArn}/`) }] } : {}),
        },
      ],
    });
    // CloudTrail verifies at creation that it may write to the bucket (the key comes first anyway:
    // the trail refers to its ARN).
    this.trail.node.addDependency(deliveryPolicy);
  }

  /** Describe the trail and look up its management events. */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return AuditTrail.grantReadByName(this, grantee, this.trail.trailName!);
  }

  static arnForName(scope: Construct, trailName: string): string {
    return Stack.of(scope).formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: trailName });
  }

  /** By name, not by reference: after exit supervisors keep their read access to the former trail's ARN. */
  static grantReadByName(scope: Construct, grantee: iam.IGrantable, trailName: string): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: [...TRAIL_READ], resourceArns: [AuditTrail.arnForName(scope, trailName)] }).combine(
      // AWS does not scope LookupEvents to a resource; it reads management events only.
      iam.Grant.addToPrincipal({ grantee, actions: [...TRAIL_LOOKUP], resourceArns: ['*'] }),
    );
  }
}
