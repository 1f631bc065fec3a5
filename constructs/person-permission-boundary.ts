import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { KMS_DECRYPT, KMS_ENCRYPT, LOGS_READ, S3_BUCKET_READ, S3_OBJECT_READ, S3_OBJECT_WRITE, TRAIL_LOOKUP, TRAIL_READ } from '../stacks/blueprint/index.ts';
import { invalidProp } from './invalid-prop.ts';

export interface PersonPermissionBoundaryProps {
  readonly managedPolicyName: string;
  /**
   * The ARN of every bucket of the tenant, exactly: a name prefix would also match the buckets of
   * a tenant whose id extends this one's (`t` and `t-x`).
   */
  readonly bucketArns: readonly string[];
  /** The tag every key of the tenant carries (e.g. `sandbox:tenant` = the tenant id). */
  readonly keyTag: { readonly key: string; readonly value: string };
  /** Every log group of the tenant starts with this (`/sandbox/<tenant>/`); it ends in "/". */
  readonly logGroupNamePrefix: string;
  readonly trailName: string;
}

const CONSTRUCT = 'PersonPermissionBoundary';

/**
 * The ceiling of every person role of a tenant: the actions any of its roles may ever get, on the
 * tenant's own resources only. Whatever is attached to a role later, by mistake or on purpose, it
 * cannot reach another tenant's stores or keys, touch IAM, or do anything outside this list.
 * Resources are matched by name and tag, never by reference, so the boundary does not wait for
 * them and survives the tenant's exit.
 */
export class PersonPermissionBoundary extends Construct {
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: PersonPermissionBoundaryProps) {
    super(scope, id);
    if (props.bucketArns.length === 0 || props.bucketArns.some((a) => /[*?]/.test(a))) {
      throw invalidProp(CONSTRUCT, 'bucketArns', 'must list the tenant’s bucket ARNs exactly, without wildcards', props.bucketArns);
    }
    if (!/^\/[^*?]+\/$/.test(props.logGroupNamePrefix)) {
      throw invalidProp(CONSTRUCT, 'logGroupNamePrefix', 'must be a literal prefix starting and ending with "/", so no longer tenant id shares it', props.logGroupNamePrefix);
    }
    const stack = Stack.of(this);
    const arn = (service: string, resource: string, resourceName: string) => stack.formatArn({ service, resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.policy = new iam.ManagedPolicy(this, 'Resource', {
      managedPolicyName: props.managedPolicyName,
      description: 'The most any person role of this sandbox tenant may do',
      statements: [
        new iam.PolicyStatement({ sid: 'TenantStores', actions: [...S3_BUCKET_READ, ...S3_OBJECT_READ, ...S3_OBJECT_WRITE], resources: props.bucketArns.flatMap((b) => [b, `${b}/*`]) }),
        new iam.PolicyStatement({
          sid: 'TenantKeys',
          actions: [...KMS_DECRYPT, ...KMS_ENCRYPT],
          resources: [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
          conditions: { StringEquals: { [`aws:ResourceTag/${props.keyTag.key}`]: props.keyTag.value } },
        }),
        new iam.PolicyStatement({ sid: 'TenantLogGroups', actions: [...LOGS_READ], resources: [arn('logs', 'log-group', `${props.logGroupNamePrefix}*`)] }),
        new iam.PolicyStatement({ sid: 'TenantTrail', actions: [...TRAIL_READ], resources: [stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: props.trailName })] }),
        // AWS does not scope LookupEvents to a resource; it reads management events only.
        new iam.PolicyStatement({ sid: 'TrailLookup', actions: [...TRAIL_LOOKUP], resources: ['*'] }),
      ],
    });
  }
}
