import { describe, expect, it } from 'vitest';
import {
  DEPLOYMENT_ROLE_ARN_PATTERNS,
  GLOBAL_SERVICE_ACTIONS,
  ORGANISATION_ADMIN_ROLE_ARN_PATTERNS,
  SCP_MAX_CHARACTERS,
  serviceControlPolicy,
  serviceControlPolicyText,
  type ServiceControlPolicyDocument,
} from '../../policies/adapters/service-control-policy.ts';
import { PLATFORM_TEMPLATE_PATH, SCP_DOCUMENT_PATH, scpCoverageGaps, synthesizeAwsPlatform } from '../../stacks/aws/index.ts';
import { EU_REGIONS } from '../../tenancy/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';

/** The organisation guardrails that hold at run time (issue 4): EU regions only, evidence protected. */
const statement = (sid: string) => serviceControlPolicy().Statement.find((s) => s.Sid === sid)!;

/**
 * Whether the SCP denies a call: a small evaluator for the parts of the policy language it uses
 * (Action/NotAction and Resource with `*`, ArnNotLike on the principal, the requested region). It
 * refuses any other condition, so a new statement cannot pass these tests by being ignored.
 */
function denies(policy: ServiceControlPolicyDocument, call: { principal: string; action: string; resource: string; region?: string }): string[] {
  // Actions match regardless of case, ARNs exactly, as in IAM.
  const glob = (pattern: string, value: string, flags = '') => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, flags).test(value);
  const any = (patterns: string | readonly string[], value: string) => [patterns].flat().some((p) => glob(p, value));
  const anyAction = (patterns: readonly string[], value: string) => patterns.some((p) => glob(p, value, 'i'));
  return policy.Statement.filter((s) => {
    const actionMatches = s.Action ? anyAction(s.Action, call.action) : !anyAction(s.NotAction ?? [], call.action);
    if (!actionMatches || !any(s.Resource, call.resource)) return false;
    return Object.entries(s.Condition ?? {}).every(([operator, byKey]) =>
      Object.entries(byKey).every(([key, values]) => {
        if (operator === 'ArnNotLike' && key === 'aws:PrincipalArn') return !any(values, call.principal);
        if (operator === 'StringNotEquals' && key === 'aws:RequestedRegion') return ![values].flat().includes(call.region ?? 'eu-central-1');
        throw new Error(`the test evaluator does not know ${operator} ${key} (statement ${s.Sid})`);
      }),
    );
  }).map((s) => s.Sid);
}

describe('service control policy', () => {
  it('fits the AWS Organizations size limit, minified as submitted, with every statement in it', () => {
    const text = serviceControlPolicyText();
    expect(text.length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    expect(serviceControlPolicy().Statement.map((s) => s.Sid)).toEqual([
      'DenyOutsideEuRegions',
      'DenyTenantTrailChanges',
      'DenyTenantStoreWeakening',
      'DenyEvidenceDeletion',
      'DenyEvidenceKeyDestruction',
      'DenyDeploymentRoleTakeover',
      'DenyTenantRoleChanges',
    ]);
  });

  describe('lets nobody but the organisation administrator take over an exempt deployment-role name', () => {
    const scp = serviceControlPolicy();
    const account = '111122223333';
    const memberAdmin = `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef`;
    const orgAdmin = `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;
    const deployer = `arn:aws:iam::${account}:role/sbx-deployer`;
    const cfnExec = `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-eu-central-1`;
    const roleChanges = [
      'iam:CreateRole',
      'iam:DeleteRole',
      'iam:UpdateAssumeRolePolicy',
      'iam:AttachRolePolicy',
      'iam:DetachRolePolicy',
      'iam:PutRolePolicy',
      'iam:DeleteRolePolicy',
      'iam:PutRolePermissionsBoundary',
      'iam:DeleteRolePermissionsBoundary',
    ];

    it.each(roleChanges)('%s on a deployment role: denied to a member-account administrator and to the deployers, allowed to the organisation administrator', (action) => {
      for (const target of [deployer, cfnExec, orgAdmin]) {
        expect(denies(scp, { principal: memberAdmin, action, resource: target }), `${action} ${target}`).toContain('DenyDeploymentRoleTakeover');
        // A deployer cannot widen who may act as a deployer, not even for itself.
        expect(denies(scp, { principal: deployer, action, resource: target }), `${action} ${target} by the deployer`).toContain('DenyDeploymentRoleTakeover');
      }
      expect(denies(scp, { principal: orgAdmin, action, resource: deployer })).toEqual([]);
      expect(denies(scp, { principal: orgAdmin, action, resource: cfnExec })).toEqual([]);
    });

    it('so the bypass of the audit (create a role named sbx-deployer, then stop the trail) fails at its first step', () => {
      const trail = `arn:aws:cloudtrail:eu-central-1:${account}:trail/sandbox-diabetes-risk`;
      expect(denies(scp, { principal: memberAdmin, action: 'cloudtrail:StopLogging', resource: trail })).toEqual(['DenyTenantTrailChanges']);
      expect(denies(scp, { principal: memberAdmin, action: 'iam:CreateRole', resource: deployer })).toEqual(['DenyDeploymentRoleTakeover', 'DenyTenantRoleChanges']);
      // The real deployer still deploys.
      expect(denies(scp, { principal: deployer, action: 'cloudtrail:StopLogging', resource: trail })).toEqual([]);
    });

    it('keeps person roles as the deploy wrote them: a member-account administrator cannot re-trust or unbound them', () => {
      const person = `arn:aws:iam::${account}:role/sbx-diabetes-risk-u-100`;
      for (const action of roleChanges) {
        expect(denies(scp, { principal: memberAdmin, action, resource: person }), action).toEqual(['DenyTenantRoleChanges']);
        expect(denies(scp, { principal: cfnExec, action, resource: person }), action).toEqual([]);
        expect(denies(scp, { principal: deployer, action, resource: person }), action).toEqual([]);
      }
      // Other roles of the account are the administrator's business.
      expect(denies(scp, { principal: memberAdmin, action: 'iam:UpdateAssumeRolePolicy', resource: `arn:aws:iam::${account}:role/team-analytics` })).toEqual([]);
    });

    it('is itself held to what it names: the statements exempt exactly the documented principals', () => {
      const byId = (sid: string) => scp.Statement.find((s) => s.Sid === sid)!;
      expect(byId('DenyDeploymentRoleTakeover')).toMatchObject({
        Resource: [...DEPLOYMENT_ROLE_ARN_PATTERNS, ...ORGANISATION_ADMIN_ROLE_ARN_PATTERNS],
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [...ORGANISATION_ADMIN_ROLE_ARN_PATTERNS] } },
      });
      expect(byId('DenyDeploymentRoleTakeover').Action).toEqual(expect.arrayContaining(roleChanges));
      expect(byId('DenyTenantRoleChanges')).toMatchObject({
        Resource: 'arn:aws:iam::*:role/sbx-*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [...DEPLOYMENT_ROLE_ARN_PATTERNS, ...ORGANISATION_ADMIN_ROLE_ARN_PATTERNS] } },
      });
    });
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

  it('covers every example tenant’s trail, stores, person roles, evidence key and region, in every lifecycle state', () => {
    const tenants = exampleTenants();
    expect(scpCoverageGaps(tenants.flatMap((t) => (['active', 'suspended', 'exited'] as const).map((s) => withStatus(t, s))))).toEqual([]);
  });

  it('takes other regions and deployment roles as options, and refuses empty lists', () => {
    const custom = serviceControlPolicy({ allowedRegions: ['eu-west-1'], deploymentRoleArnPatterns: ['arn:aws:iam::*:role/ops-deploy'] });
    expect(custom.Statement[0]!.Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } });
    expect(JSON.stringify(custom)).toContain('ops-deploy');
    expect(() => serviceControlPolicy({ allowedRegions: [] })).toThrow(/allowedRegions/);
    expect(() => serviceControlPolicy({ deploymentRoleArnPatterns: [] })).toThrow(/deploymentRoleArnPatterns/);
    expect(() => serviceControlPolicy({ organisationAdminRoleArnPatterns: [] })).toThrow(/organisationAdminRoleArnPatterns/);
    const admin = serviceControlPolicy({ organisationAdminRoleArnPatterns: ['arn:aws:iam::*:role/AWSControlTowerExecution'] });
    expect(admin.Statement.find((s) => s.Sid === 'DenyDeploymentRoleTakeover')!.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/AWSControlTowerExecution'] } });
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
