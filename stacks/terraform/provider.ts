import { TerraformLocal, type TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition/index.js';
import type { AwsTenantBlueprint } from '../blueprint/index.ts';
import type { TenantContext } from './tenant-context.ts';

/**
 * Any hashicorp/aws release from 5.100 (the oldest one operators still pin) up to, not including, 7.
 * Everything in the output uses only attributes that exist in both 5.100 and 6.x.
 */
export const AWS_PROVIDER_CONSTRAINT = '>= 5.100, < 7';
/** Terraform 1.5 and every OpenTofu release read this JSON. */
export const TERRAFORM_VERSION_CONSTRAINT = '>= 1.5.0';

/**
 * The provider in the tenant's region with the tenant tags on every resource, and the account id
 * as one local. No credentials, no profile and no backend here: those belong to whoever deploys.
 */
export function addProvider(stack: TerraformStack, blueprint: AwsTenantBlueprint): TenantContext {
  new AwsProvider(stack, 'aws', { region: blueprint.region, defaultTags: [{ tags: { ...blueprint.tags } }] });
  stack.addOverride('terraform.required_version', TERRAFORM_VERSION_CONSTRAINT);
  stack.addOverride('terraform.required_providers.aws', { source: 'hashicorp/aws', version: AWS_PROVIDER_CONSTRAINT });
  const caller = new DataAwsCallerIdentity(stack, 'current');
  const account = new TerraformLocal(stack, 'account_id', caller.accountId);
  const partition = new DataAwsPartition(stack, 'partition');
  partition.overrideLogicalId('current');
  return { stack, blueprint, accountId: account.asString, partition: partition.partition };
}
