import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedSecurityProfile, tenantBlueprint } from '../../stacks/blueprint/index.ts';
import { allRenderings, label, type Rendering } from './renderings.ts';
import { securityProfileFromCloudFormation } from './security-profile-from-cfn.ts';

/**
 * The facts both engines are compared on, read back from the CloudFormation alone, equal what the
 * blueprint implies: for every example tenant in every lifecycle state.
 */
let renderings: Rendering[];
beforeAll(async () => {
  renderings = await allRenderings(false);
});

describe('SecurityProfile of the CloudFormation', () => {
  it('equals the blueprint’s expected profile for every example tenant and lifecycle state', () => {
    expect(renderings).toHaveLength(9);
    for (const r of renderings) {
      expect(securityProfileFromCloudFormation(r.template, r.tenant.region), label(r)).toEqual(expectedSecurityProfile(tenantBlueprint(r.tenant), 'aws'));
    }
  });

  it('notices when a template loses a protection (the extractor is not a tautology)', () => {
    const r = renderings.find((x) => x.status === 'active')!;
    const broken = structuredClone(r.template);
    for (const resource of Object.values(broken.Resources)) {
      if (resource.Type === 'AWS::S3::Bucket' && resource.Properties?.ObjectLockConfiguration) {
        (resource.Properties.ObjectLockConfiguration as { Rule: { DefaultRetention: { Mode: string } } }).Rule.DefaultRetention.Mode = 'GOVERNANCE';
        break;
      }
    }
    for (const resource of Object.values(broken.Resources)) {
      if (resource.Type === 'AWS::EC2::SecurityGroup') (resource.Properties as Record<string, unknown>).SecurityGroupIngress = [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }];
      if (resource.Type === 'AWS::IAM::Role' && resource.Properties?.PermissionsBoundary) delete resource.Properties.PermissionsBoundary;
    }
    const profile = securityProfileFromCloudFormation(broken, r.tenant.region);
    const expected = expectedSecurityProfile(tenantBlueprint(r.tenant), 'aws');
    expect(Object.values(profile.buckets).filter((b) => b.objectLock?.mode === 'GOVERNANCE')).toHaveLength(1);
    expect(profile.network?.openIngressToWorld).toBe(true);
    expect(Object.values(profile.roles).every((role) => role.boundary === null)).toBe(true);
    expect(profile).not.toEqual(expected);
  });

  it('names the store a grant is on, so the same actions on another store are seen', () => {
    const r = renderings.find((x) => x.status === 'active')!;
    const broken = structuredClone(r.template);
    const bucketOf = (store: string) => Object.entries(broken.Resources).find(([, x]) => x.Type === 'AWS::S3::Bucket' && JSON.stringify(x.Properties?.Tags).includes(`"sandbox:store","Value":"${store}"`))![0];
    const [datasets, workspace] = [bucketOf('datasets'), bucketOf('workspace')];
    const steward = `sbx-${r.tenant.id}-${r.tenant.people.find((p) => p.role === 'data-steward')!.id}`;
    const stewardRole = Object.entries(broken.Resources).find(([, x]) => x.Properties?.RoleName === steward)![0];
    const grants = Object.values(broken.Resources).find((x) => x.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(x.Properties?.Roles) === JSON.stringify([{ Ref: stewardRole }]))!;
    for (const statement of grants.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]) {
      if ([statement.Action].flat().includes('s3:PutObject')) statement.Resource = JSON.parse(JSON.stringify(statement.Resource).replaceAll(`"${datasets}"`, `"${workspace}"`));
    }
    const facts = securityProfileFromCloudFormation(broken, r.tenant.region).roles[steward]!;
    expect(facts.permissions['s3:PutObject']).toEqual(['store:workspace/*']);
    expect(facts.permissions['s3:GetObject']).toEqual(['store:datasets/*', 'store:results/*']);
  });

  it('sees a default security group as closed only where a custom resource closes it, as CloudFormation has no resource for it', () => {
    const r = renderings.find((x) => x.status === 'active')!;
    expect(securityProfileFromCloudFormation(r.template, r.tenant.region).network?.defaultSecurityGroupClosed).toBe(false);
    const stack = new Stack(new App(), 'Closed', { env: { region: r.tenant.region } });
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }], restrictDefaultSecurityGroup: true });
    const closed = Template.fromStack(stack).toJSON();
    expect(Object.values<{ Type: string }>(closed.Resources).some((x) => x.Type === 'AWS::Lambda::Function')).toBe(true);
    expect(securityProfileFromCloudFormation(closed, r.tenant.region).network?.defaultSecurityGroupClosed).toBe(true);
  });

  it('reads people roles only: the flow-log delivery role assumed by a service is not one', () => {
    const r = renderings.find((x) => x.status === 'active')!;
    const profile = securityProfileFromCloudFormation(r.template, r.tenant.region);
    expect(Object.keys(profile.roles).sort()).toEqual(r.tenant.people.map((p) => `sbx-${r.tenant.id}-${p.id}`).sort());
  });
});
