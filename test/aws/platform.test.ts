import { describe, expect, it } from 'vitest';
import {
  DEPLOYMENT_ROLE_ARN_PATTERNS,
  GLOBAL_SERVICE_ACTIONS,
  SCP_MAX_CHARACTERS,
  serviceControlPolicy,
  serviceControlPolicyText,
} from '../../policies/adapters/service-control-policy.ts';
import { PLATFORM_TEMPLATE_PATH, SCP_DOCUMENT_PATH, scpCoverageGaps, synthesizeAwsPlatform } from '../../stacks/aws/index.ts';
import { EU_REGIONS } from '../../tenancy/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';

/** The organisation guardrails that hold at run time (issue 4): EU regions only, evidence protected. */
const statement = (sid: string) => serviceControlPolicy().Statement.find((s) => s.Sid === sid)!;

describe('service control policy', () => {
  it('fits the AWS Organizations size limit', () => {
    expect(serviceControlPolicyText().length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });

  it('denies every regional action outside the EU regions, global services excepted', () => {
    const deny = statement('DenyOutsideEuRegions');
    expect(deny).toMatchObject({ Effect: 'Deny', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': [...EU_REGIONS] } } });
    expect(deny.NotAction).toEqual(expect.arrayContaining(['iam:*', 'sts:*', 'organizations:*', 'support:*', 'cloudfront:*', 'route53:*']));
    // Services that hold or process data stay bound to the EU regions.
    for (const regional of ['kms:*', 'config:*', 's3:*', 'logs:*', 'ec2:*', 'cloudtrail:*']) expect(deny.NotAction).not.toContain(regional);
    expect(deny.NotAction).toEqual([...GLOBAL_SERVICE_ACTIONS]);
  });

  it('denies stopping, deleting or changing tenant trails to everyone but the deployment roles', () => {
    expect(statement('DenyTenantTrailChanges')).toMatchObject({
      Effect: 'Deny',
      Action: expect.arrayContaining(['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors']),
      Resource: 'arn:aws:cloudtrail:*:*:trail/sandbox-*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': [...DEPLOYMENT_ROLE_ARN_PATTERNS] } },
    });
  });

  it('denies weakening or deleting tenant stores (Object Lock, lifecycle, bucket policy, deletion) to everyone but the deployment roles', () => {
    expect(statement('DenyTenantStoreWeakening')).toMatchObject({
      Resource: 'arn:aws:s3:::sbx-*',
      Action: expect.arrayContaining([
        's3:PutBucketObjectLockConfiguration',
        's3:PutLifecycleConfiguration',
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:DeleteBucket',
        's3:PutEncryptionConfiguration',
        's3:PutBucketPublicAccessBlock',
        's3:PutReplicationConfiguration',
      ]),
      Condition: { ArnNotLike: { 'aws:PrincipalArn': [...DEPLOYMENT_ROLE_ARN_PATTERNS] } },
    });
  });

  it('denies deleting evidence objects to everyone, deployers included', () => {
    const deny = statement('DenyEvidenceDeletion');
    expect(deny.Condition).toBeUndefined();
    expect(deny.Action).toEqual(expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion']));
    expect(deny.Resource).toEqual(expect.arrayContaining(['arn:aws:s3:::sbx-*-access/*', 'arn:aws:s3:::sbx-*-nen7513/*', 'arn:aws:s3:::sbx-*-s3logs/*']));
    // Data stores are deleted at exit, so they are not in this list.
    expect(JSON.stringify(deny.Resource)).not.toMatch(/-data\/|-work\/|-results\//);
  });

  it('covers every example tenant’s trail, stores, evidence key and region, in every lifecycle state', () => {
    const tenants = exampleTenants();
    expect(scpCoverageGaps(tenants.flatMap((t) => (['active', 'suspended', 'exited'] as const).map((s) => withStatus(t, s))))).toEqual([]);
  });

  it('takes other regions and deployment roles as options, and refuses empty lists', () => {
    const custom = serviceControlPolicy({ allowedRegions: ['eu-west-1'], deploymentRoleArnPatterns: ['arn:aws:iam::*:role/ops-deploy'] });
    expect(custom.Statement[0]!.Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } });
    expect(JSON.stringify(custom)).toContain('ops-deploy');
    expect(() => serviceControlPolicy({ allowedRegions: [] })).toThrow(/allowedRegions/);
    expect(() => serviceControlPolicy({ deploymentRoleArnPatterns: [] })).toThrow(/deploymentRoleArnPatterns/);
  });
});

describe('platform stack', () => {
  it('renders the SCP as an organisation policy attached to the targets named at deploy time', async () => {
    const artifacts = await synthesizeAwsPlatform(exampleTenants());
    expect(artifacts.map((a) => a.path)).toEqual([PLATFORM_TEMPLATE_PATH, SCP_DOCUMENT_PATH]);
    expect(artifacts.every((a) => a.path.startsWith('platform/aws/'))).toBe(true);
    const template = JSON.parse(artifacts[0]!.content) as { Parameters: Record<string, { Type: string }>; Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const policies = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Organizations::Policy');
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Properties).toMatchObject({ Type: 'SERVICE_CONTROL_POLICY', Content: serviceControlPolicy(), TargetIds: { Ref: 'SandboxTargetIds' } });
    expect(template.Parameters.SandboxTargetIds!.Type).toBe('CommaDelimitedList');
    expect(JSON.parse(artifacts[1]!.content)).toEqual(serviceControlPolicy());
  });
});
