import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import type { AwsTenantBlueprint, DataStoreId } from '../blueprint/index.ts';
import type { RetentionClassName } from '../../tenancy/index.ts';
import { addBucketPolicies } from './bucket-policies.ts';
import { addKeys } from './keys.ts';
import { addLogGroups } from './log-groups.ts';
import { addNetwork } from './network.ts';
import { addProvider } from './provider.ts';
import { addPersonRolePolicies, addPersonRoles } from './roles.ts';
import { addStores } from './stores.ts';
import { addTrail } from './trail.ts';
import { arn } from './tenant-context.ts';

/**
 * The tenant blueprint as one cdktf stack. Every resource is a direct child of the stack, so its
 * Terraform address is the readable name given here (`aws_s3_bucket.datasets`), not a hashed path.
 * The stack hangs off a bare construct rather than a cdktf App, which would create output folders.
 */
export function buildTenantStack(blueprint: AwsTenantBlueprint): TerraformStack {
  const stack = new TerraformStack(new Construct(undefined as unknown as Construct, ''), blueprint.stackName);
  const ctx = addProvider(stack, blueprint);
  const roles = addPersonRoles(ctx);
  const keys = addKeys(ctx, roles);
  const stores = addStores(ctx, keys);
  const logGroups = addLogGroups(ctx, keys);
  const network = blueprint.network ? addNetwork(ctx, blueprint.network, logGroups) : null;
  const trailDelivery = addBucketPolicies(ctx, stores, network);
  if (blueprint.trail) addTrail(ctx, blueprint.trail, stores, keys, trailDelivery);

  const bucketArn = (ref: { kind: 'bucket'; store: DataStoreId } | { kind: 'log-bucket'; retentionClass: RetentionClassName }): string => {
    const store = ref.kind === 'bucket' ? stores.data.get(ref.store) : stores.logs.get(ref.retentionClass);
    if (!store) throw new Error(`a role of ${blueprint.tenantId} is granted a store the blueprint does not define: ${JSON.stringify(ref)}`);
    return store.bucket.arn;
  };
  addPersonRolePolicies(ctx, roles, {
    bucket: bucketArn,
    dataKey: keys.data?.arn ?? null,
    evidenceKey: keys.evidence.arn,
    logGroups: arn(ctx, 'logs', `log-group:${blueprint.logGroupPrefix}*`),
    // By name, not by reference: after exit supervisors keep reading the (then former) trail's ARN.
    trail: arn(ctx, 'cloudtrail', `trail/${blueprint.trailName}`),
  });
  stack.runAllValidations();
  return stack;
}
