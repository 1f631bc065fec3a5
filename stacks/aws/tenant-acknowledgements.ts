import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { COMPLIANCE_PACKS, nagRuleId } from './compliance-checks.ts';
import type { RenderedTenant } from './tenant-stack.ts';

/**
 * The cdk-nag findings a sandbox tenant deliberately does not fix, each acknowledged on the
 * resources it concerns (never stack-wide), with the reason a reviewer can check. Both packs
 * name the same rules, so each reason is recorded once per pack.
 */
export const TENANT_ACKNOWLEDGEMENTS = {
  dataStoreReplication:
    'Replication would copy personal health data out of the tenant’s isolated environment (AI Act Art. 59(1)(e): nothing created in the sandbox leaves it). ' +
    'Availability comes from S3’s multi-AZ storage within the EU region, and the datasets are synthetic and regenerable from their seed.',
  evidenceReplication:
    'The evidence is kept in one EU region under Object Lock COMPLIANCE on S3’s multi-AZ storage. A replica is a second copy that Object Lock, the SCP and the key policy would all have to cover; ' +
    'where to replicate evidence to (which account and EU region) is an organisation decision outside a tenant template.',
  serverAccessLogEncryption:
    'S3 server access logging delivers only into buckets whose default encryption is SSE-S3 (S3 User Guide, "Enabling Amazon S3 server access logging"). ' +
    'The bucket is encrypted at rest with SSE-S3 (AES-256), TLS-only and private, and holds request metadata, not health records.',
  trailToCloudWatch:
    'The trail delivers signed log files (log-file validation) into the Object Lock COMPLIANCE access-log store, the tamper-proof record AI Act Arts. 12 and 19 ask for. ' +
    'A CloudWatch Logs copy would be a second, deletable copy with its own delivery role; near-real-time alerting belongs to the organisation’s monitoring, not to each tenant.',
  defaultSecurityGroup:
    'CloudFormation has no resource for a VPC’s default security group (SecurityGroupIngress/Egress only add rules, and the group cannot be deleted), so closing it needs a Lambda-backed custom resource, whose code asset would make the template machine-dependent and put a function in the isolated tenant. ' +
    'Nothing in the tenant uses the default group, and the VPC has no internet or NAT gateway and no route out, so its default rules reach only the tenant’s own endpoints.',
} as const;

function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  for (const pack of COMPLIANCE_PACKS) Validations.of(scope).acknowledge({ id: nagRuleId(pack, rule), reason });
}

export function acknowledgeTenantFindings(rendered: RenderedTenant): void {
  for (const store of rendered.dataStores.values()) acknowledge(store, 'S3BucketReplicationEnabled', TENANT_ACKNOWLEDGEMENTS.dataStoreReplication);
  for (const store of [...rendered.logStores.values(), rendered.serverAccessLogs]) acknowledge(store, 'S3BucketReplicationEnabled', TENANT_ACKNOWLEDGEMENTS.evidenceReplication);
  acknowledge(rendered.serverAccessLogs, 'S3DefaultEncryptionKMS', TENANT_ACKNOWLEDGEMENTS.serverAccessLogEncryption);
  if (rendered.trail) acknowledge(rendered.trail, 'CloudTrailCloudWatchLogsEnabled', TENANT_ACKNOWLEDGEMENTS.trailToCloudWatch);
  if (rendered.network) acknowledge(rendered.network, 'VPCDefaultSecurityGroupClosed', TENANT_ACKNOWLEDGEMENTS.defaultSecurityGroup);
}
