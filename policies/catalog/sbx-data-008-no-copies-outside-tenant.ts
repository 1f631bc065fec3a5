import { buckets } from '../aws/buckets.ts';
import { ownership } from '../aws/destinations.ts';
import { tenantOf, type Located } from '../aws/located.ts';
import type { Resource } from '../model/resource.ts';
import { literalString, valuesAt } from '../model/value.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/**
 * Cross-resource: everything that sends a copy of data or logs somewhere (replication, server
 * access logs, inventory and analytics exports, the trail, flow logs, log subscriptions, backup
 * copies) sends it to a store of the same tenant.
 */
type Target = Located & { readonly kind: string; readonly owner: Resource };

function otherTargets(context: CheckContext): Target[] {
  const out: Target[] = [];
  const add = (owner: Resource, kind: string, path: string, value: Located['value'] | undefined) => {
    if (value !== undefined) out.push({ owner, kind, resource: owner, path, value });
  };
  for (const r of context.artifact.resources) {
    const p = r.properties;
    switch (r.type) {
      case 'AWS::CloudTrail::Trail':
        add(r, 'trail delivery', 'S3BucketName', p.S3BucketName);
        break;
      case 'aws_cloudtrail':
        add(r, 'trail delivery', 's3_bucket_name', p.s3_bucket_name);
        break;
      case 'AWS::EC2::FlowLog':
        add(r, 'flow logs', 'LogDestination', p.LogDestination);
        add(r, 'flow logs', 'LogGroupName', p.LogGroupName);
        break;
      case 'aws_flow_log':
        add(r, 'flow logs', 'log_destination', p.log_destination);
        add(r, 'flow logs', 'log_group_name', p.log_group_name);
        break;
      case 'AWS::Logs::SubscriptionFilter':
        add(r, 'log subscription', 'DestinationArn', p.DestinationArn);
        break;
      case 'aws_cloudwatch_log_subscription_filter':
        add(r, 'log subscription', 'destination_arn', p.destination_arn);
        break;
      case 'AWS::Backup::BackupPlan':
        for (const d of valuesAt(p, ['BackupPlan', 'BackupPlanRule', 'CopyActions', 'DestinationBackupVaultArn'])) add(r, 'backup copy', d.path, d.value);
        break;
      case 'aws_backup_plan':
        for (const d of valuesAt(p, ['rule', 'copy_action', 'destination_vault_arn'])) add(r, 'backup copy', d.path, d.value);
        break;
    }
  }
  return out;
}

/** What each kind of copy does, as a verb phrase: `DataBucket replicates its objects to …`. */
const SENDS: Readonly<Record<string, string>> = {
  replication: 'replicates its objects to',
  'server access logs': 'delivers its server access logs to',
  inventory: 'delivers inventory reports to',
  'analytics export': 'exports storage analytics to',
  'trail delivery': 'delivers its log files to',
  'flow logs': 'delivers its flow logs to',
  'log subscription': 'streams its log events to',
  'backup copy': 'copies its backups to',
};

/** The tenant a message holds the destination to, or why there is none to hold it to. */
const boundary = (owner: string | undefined, from: Resource) =>
  owner === undefined
    ? `and ${from.id} belongs to no tenant (no sandbox:tenant tag, and the file is in no tenant’s build directory), so no destination can be shown to stay inside one`
    : `which is not a store of tenant ${owner}`;

function* check(context: CheckContext): Iterable<Evaluation> {
  const targets: Target[] = [
    ...buckets(context.artifact).flatMap((b) => b.copyTargets.map((t) => ({ ...t, owner: b.resource }))),
    ...otherTargets(context),
  ];
  for (const t of targets) {
    const owner = tenantOf(t.owner, context);
    // A log group named by text (flow logs) is judged by its name: /sandbox/<tenant>/…
    const text = literalString(t.value);
    if (text !== undefined && text.startsWith('/') && owner !== undefined) {
      yield text.startsWith(`/sandbox/${owner}/`) ? compliant(t.resource, t.path) : nonCompliant(t.resource, t.path, `${t.owner.id} ${SENDS[t.kind] ?? 'sends copies to'} ${text}, outside tenant ${owner}’s log groups (/sandbox/${owner}/…)`);
      continue;
    }
    const verdict = ownership(t.value, context, owner);
    if (verdict.verdict === 'tenant') yield compliant(t.resource, t.path, `${t.kind} to ${verdict.what}`);
    else if (verdict.verdict === 'unknown') yield unknown(t.resource, t.path, owner === undefined ? `Whether the ${t.kind} destination of ${t.owner.id} stays inside a tenant` : `Whether the ${t.kind} destination of ${t.owner.id} belongs to tenant ${owner}`, verdict.value);
    else yield nonCompliant(t.resource, t.path, `${t.owner.id} ${SENDS[t.kind] ?? 'sends copies to'} ${verdict.what}, ${boundary(owner, t.owner)}`);
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-DATA-008',
  title: 'No replication, export or log delivery to a destination outside the tenant',
  rationale: 'Nothing created in the sandbox may leave it except through the export airlock, and only non-personal results may leave at all. Replication, inventory or analytics exports, log delivery, log subscriptions and backup copies are all ways data leaves quietly; each must end in a store of the same tenant.',
  remediation: 'Point every destination at a bucket, log group or vault of the same tenant, referenced from the same artifact; remove replication and copy rules to anything else.',
  severity: 'error',
  supports: ['ai-act-59-1-e', 'ehds-73-2', 'gdpr-chapter-v', 'nen-7510-8-22'],
  crossReferences: {},
  implementations: { cloudformation: check, terraform: check },
};
