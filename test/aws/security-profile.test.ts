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
      expect(securityProfileFromCloudFormation(r.template), label(r)).toEqual(expectedSecurityProfile(tenantBlueprint(r.tenant)));
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
    const profile = securityProfileFromCloudFormation(broken);
    const expected = expectedSecurityProfile(tenantBlueprint(r.tenant));
    expect(Object.values(profile.buckets).filter((b) => b.objectLock?.mode === 'GOVERNANCE')).toHaveLength(1);
    expect(profile.network?.openIngressToWorld).toBe(true);
    expect(Object.values(profile.roles).every((role) => !role.hasPermissionBoundary)).toBe(true);
    expect(profile).not.toEqual(expected);
  });

  it('reads people roles only: the flow-log delivery role assumed by a service is not one', () => {
    const r = renderings.find((x) => x.status === 'active')!;
    const profile = securityProfileFromCloudFormation(r.template);
    expect(Object.keys(profile.roles).sort()).toEqual(r.tenant.people.map((p) => `sbx-${r.tenant.id}-${p.id}`).sort());
  });
});
