import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import type { LogGroup } from '../blueprint/index.ts';
import type { TenantKeys } from './keys.ts';
import { tfName, type TenantContext } from './tenant-context.ts';

/**
 * Log groups encrypted with the evidence key, retention from their class. `skip_destroy` keeps a
 * group and its events when the tenant exits and the group leaves the configuration (CDK's RETAIN):
 * flow logs are access logs that must outlive the network they describe (EHDS Art. 73(1)(e)).
 */
export function addLogGroups(ctx: TenantContext, keys: TenantKeys): ReadonlyMap<LogGroup['id'], CloudwatchLogGroup> {
  const groups = new Map<LogGroup['id'], CloudwatchLogGroup>();
  for (const group of ctx.blueprint.logGroups) {
    groups.set(
      group.id,
      new CloudwatchLogGroup(ctx.stack, tfName('log_group', group.id), {
        name: group.name,
        retentionInDays: group.retentionDays,
        kmsKeyId: keys.evidence.arn,
        skipDestroy: true,
      }),
    );
  }
  return groups;
}
