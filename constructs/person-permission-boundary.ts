import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { KMS_DECRYPT, KMS_ENCRYPT, LOGS_READ, S3_BUCKET_READ, S3_OBJECT_READ, S3_OBJECT_WRITE, TRAIL_LOOKUP, TRAIL_READ } from '../stacks/blueprint/index.ts';
import { invalidProp } from './invalid-prop.ts';

export interface PersonPermissionBoundaryProps {
  readonly managedPolicyName: string;
  /** Every bucket of the tenant starts with this (`sbx-<account>-<tenant>-`). */
  readonly bucketNamePrefix: string;
  /** The tag every key of the tenant carries (e.g. `sandbox:tenant` = the tenant id). */
  readonly keyTag: { readonly key: string; readonly value: string };
  /** Every log group of the tenant starts with this (`/sandbox/<tenant>/`). */
  readonly logGroupNamePrefix: string;
  readonly trailName: string;
}

const CONSTRUCT = 'PersonPermissionBoundary';

/**
 * The ceiling of every person role of a tenant: the actions any of its roles may ever get, on the
 * tenant's own resources only. Whatever is attached to a role later, by mistake or on purpose, it
 * cannot reach another tenant's stores or keys, touch IAM, or do anything outside this list.
 * Resources are matched by name pattern and tag, never by reference, so the boundary does not wait
 * for them and survives the tenant's exit.
 */
export class PersonPermissionBoundary extends Construct {
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: PersonPermissionBoundaryProps) {
    super(scope, id);
    for (const [prop, value] of [['bucketNamePrefix', props.bucketNamePrefix], ['logGroupNamePrefix', props.logGroupNamePrefix]] as const) {
      if (value.length < 3 || value.includes('*')) throw invalidProp(CONSTRUCT, prop, 'must be a literal prefix of at least 3 characters without wildcards', value);
    }
    const stack = Stack.of(this);
    const buckets = `arn:${stack.partition}:s3:::${props.bucketNamePrefix}*`;
    const arn = (service: string, resource: string, resourceName: string) => stack.formatArn({ service, resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.policy = new iam.ManagedPolicy(this, 'Resource', {
      managedPolicyName: props.managedPolicyName,
      description: 'The most any person role of this sandbox tenant may do',
      statements: [
        new iam.PolicyStatement({ sid: 'TenantStores', actions: [...S3_BUCKET_READ, ...S3_OBJECT_READ, ...S3_OBJECT_WRITE], resources: [buckets, `${buckets}/*`] }),
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
