import type { TerraformStack } from 'cdktf';
import type { AwsTenantBlueprint } from '../blueprint/index.ts';

/**
 * What every part of the Terraform tenant needs to place its resources: the stack, the blueprint
 * it renders, and the account and partition as Terraform expressions (known only at plan time, so
 * bucket names and ARNs are templates, as in CloudFormation).
 */
export interface TenantContext {
  readonly stack: TerraformStack;
  readonly blueprint: AwsTenantBlueprint;
  /** `${local.account_id}`: one local, so a test harness can override it without credentials. */
  readonly accountId: string;
  readonly partition: string;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass '' for global services' region. */
export function arn(ctx: TenantContext, service: string, resource: string, region: string = ctx.blueprint.region): string {
  return `arn:${ctx.partition}:${service}:${region}:${ctx.accountId}:${resource}`;
}

/** The account's root principal: IAM policies in this account apply, nobody outside it does. */
export function accountRoot(ctx: TenantContext): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
}

/** Terraform resource names: blueprint ids with dashes become snake_case (`access-logs` → `access_logs`). */
export function tfName(...parts: readonly string[]): string {
  return parts.join('_').replace(/[^a-zA-Z0-9_]/g, '_');
}
