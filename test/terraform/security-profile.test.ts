import { describe, expect, it } from 'vitest';
import { expectedSecurityProfile, tenantBlueprint } from '../../stacks/blueprint/index.ts';
import { synthesizeTerraform, TERRAFORM_CONFIG_PATH } from '../../stacks/terraform/index.ts';
import type { Tenant } from '../../tenancy/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';
import { allRenderings } from './renderings.ts';
import { securityProfileFromTerraform } from './security-profile-from-terraform.ts';

type Json = Record<string, any>;

async function terraformJson(tenant: Tenant): Promise<Json> {
  const output = await synthesizeTerraform(tenant);
  const config = output.artifacts.find((a) => a.path === TERRAFORM_CONFIG_PATH);
  if (!config) throw new Error(`no ${TERRAFORM_CONFIG_PATH} for ${tenant.id}`);
  return JSON.parse(config.content) as Json;
}

describe('the Terraform tenant has the security profile its blueprint implies', () => {
  for (const { label, tenant } of allRenderings()) {
    it(label, async () => {
      expect(securityProfileFromTerraform(await terraformJson(tenant))).toEqual(expectedSecurityProfile(tenantBlueprint(tenant), 'terraform'));
    });
  }
});

describe('the profile reader sees what a broken configuration would deploy', () => {
  const tenant = () => exampleTenants()[0]!;

  it('a missing public access block, TLS condition, endpoint condition or force_destroy', async () => {
    const json = await terraformJson(tenant());
    delete json.resource.aws_s3_bucket_public_access_block.datasets_public_access_block;
    delete json.resource.aws_s3_bucket.workspace.force_destroy;
    const policy = JSON.parse(json.resource.aws_s3_bucket_policy.workspace_policy.policy);
    json.resource.aws_s3_bucket_policy.workspace_policy.policy = JSON.stringify({ ...policy, Statement: policy.Statement.slice(0, 1) });
    json.resource.aws_s3_bucket_policy.results_policy.policy = JSON.stringify({ ...policy, Statement: policy.Statement.slice(1) });
    const profile = securityProfileFromTerraform(json);
    expect(profile.buckets.datasets).toMatchObject({ publicAccessBlocked: false, tlsOnly: true, endpointOnly: true });
    expect(profile.buckets.workspace).toMatchObject({ tlsOnly: true, endpointOnly: false, removal: 'deleted-when-empty' });
    expect(profile.buckets.datasets?.removal).toBe('deleted-with-contents');
    expect(profile.buckets.results).toMatchObject({ tlsOnly: false, endpointOnly: true });
  });

  it('a role without MFA or boundary, and a granted extra action', async () => {
    const json = await terraformJson(tenant());
    const [roleName, role] = Object.entries<Json>(json.resource.aws_iam_role).find(([, r]) => r.name.endsWith('-u-100'))!;
    role.assume_role_policy = role.assume_role_policy.replace('"aws:MultiFactorAuthPresent":"true"', '"aws:MultiFactorAuthPresent":"false"');
    delete role.permissions_boundary;
    const grants = json.resource.aws_iam_role_policy[`${roleName}_grants`];
    grants.policy = grants.policy.replace('"s3:PutObject"', '"s3:PutObject","s3:PutBucketPolicy"');
    const facts = securityProfileFromTerraform(json).roles[role.name]!;
    expect(facts.requiresMfa).toBe(false);
    expect(facts.boundary).toBeNull();
    expect(facts.permissions['s3:PutBucketPolicy']).toEqual(['store:workspace/*']);
  });

  it('an internet gateway route, a world-open rule, an open default security group and an unencrypted log group', async () => {
    const json = await terraformJson(tenant());
    json.resource.aws_internet_gateway = { igw: { vpc_id: '${aws_vpc.vpc.id}' } };
    json.resource.aws_route = { out: { route_table_id: '${aws_route_table.isolated_a_routes.id}', destination_cidr_block: '0.0.0.0/0', gateway_id: '${aws_internet_gateway.igw.id}' } };
    json.resource.aws_vpc_security_group_ingress_rule.endpoints_https_from_vpc.cidr_ipv4 = '0.0.0.0/0';
    delete json.resource.aws_cloudwatch_log_group.log_group_workloads.kms_key_id;
    expect(securityProfileFromTerraform(json).network?.defaultSecurityGroupClosed).toBe(true);
    json.resource.aws_default_security_group.default_security_group.egress = [{ protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'] }];
    const profile = securityProfileFromTerraform(json);
    expect(profile.network).toMatchObject({ internetGateway: true, publicSubnets: 1, openIngressToWorld: true, defaultSecurityGroupClosed: false });
    expect(profile.logGroups[`/sandbox/${tenant().id}/workloads`]?.encrypted).toBe(false);
  });

  it('suspension and exit change the profile, so the comparison above is not vacuous', async () => {
    const active = securityProfileFromTerraform(await terraformJson(tenant()));
    const suspended = securityProfileFromTerraform(await terraformJson(withStatus(tenant(), 'suspended')));
    const exited = securityProfileFromTerraform(await terraformJson(withStatus(tenant(), 'exited')));
    expect(suspended.roles).not.toEqual(active.roles);
    expect(Object.keys(exited.buckets).sort()).toEqual([...tenantBlueprint(withStatus(tenant(), 'exited')).logStores.map((s) => s.retentionClass), 's3logs'].sort());
    expect(exited.keys.data).toBeUndefined();
    expect(exited.network).toBeNull();
    expect(exited.trail).toBeNull();
  });
});
