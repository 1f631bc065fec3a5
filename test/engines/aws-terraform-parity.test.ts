import { describe, expect, it } from 'vitest';
import { createAwsEngine } from '../../stacks/aws/index.ts';
import { ENGINE_DIFFERENCES, tenantBlueprint, type AwsTenantBlueprint, type SecurityProfile } from '../../stacks/blueprint/index.ts';
import { synthesizeTerraform } from '../../stacks/terraform/index.ts';
import { TENANT_STATUSES, type Tenant } from '../../tenancy/index.ts';
import { securityProfileFromCloudFormation } from '../aws/security-profile-from-cfn.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';
import { securityProfileFromTerraform } from '../terraform/security-profile-from-terraform.ts';

/**
 * One plan, one environment, whichever engine deploys it: the security-relevant facts read back
 * from the CloudFormation and from the Terraform JSON must be identical, for every example tenant
 * in every lifecycle state. Each side is read from the engine's real output, not from the blueprint.
 */
const synthesizeAws = createAwsEngine({ complianceChecks: false });

type Json = Record<string, any>;

async function outputs(tenant: Tenant): Promise<{ template: Json; config: Json }> {
  const [aws, terraform] = await Promise.all([synthesizeAws(tenant), synthesizeTerraform(tenant)]);
  return {
    template: JSON.parse(aws.artifacts.find((a) => a.path.endsWith('.template.json'))!.content) as Json,
    config: JSON.parse(terraform.artifacts.find((a) => a.path.endsWith('cdk.tf.json'))!.content) as Json,
  };
}

async function profiles(tenant: Tenant): Promise<{ aws: SecurityProfile; terraform: SecurityProfile }> {
  const { template, config } = await outputs(tenant);
  return { aws: securityProfileFromCloudFormation(template, tenant.region), terraform: securityProfileFromTerraform(config) };
}

/** Paths where two profiles differ, so a failure says what drifted rather than dumping both. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences((a as any)[k], (b as any)[k], path ? `${path}.${k}` : k));
  }
  return [`${path}: aws=${JSON.stringify(a)} terraform=${JSON.stringify(b)}`];
}

/** What ENGINE_DIFFERENCES says the engines render differently for this tenant, as `differences` reports it. */
function documentedDifferences(blueprint: AwsTenantBlueprint): string[] {
  const line = (path: string, fact: Record<'aws' | 'terraform', unknown>) => `${path}: aws=${JSON.stringify(fact.aws)} terraform=${JSON.stringify(fact.terraform)}`;
  return [
    ...blueprint.dataStores.map((s) => line(`buckets.${s.id}.removal`, ENGINE_DIFFERENCES.dataStoreRemoval)),
    ...(blueprint.network ? [line('network.defaultSecurityGroupClosed', ENGINE_DIFFERENCES.defaultSecurityGroupClosed)] : []),
  ].sort();
}

const cases = exampleTenants().flatMap((tenant) => TENANT_STATUSES.map((status) => [tenant.id, status, withStatus(tenant, status)] as const));

describe('CloudFormation and Terraform describe the same tenant', () => {
  it.each(cases)('%s (%s): identical encryption, retention, public access, network and roles, but for the documented differences', async (_id, _status, tenant) => {
    const { aws, terraform } = await profiles(tenant);
    expect(differences(aws, terraform)).toEqual(documentedDifferences(tenantBlueprint(tenant)));
    // The comparison must not pass vacuously on empty extractions.
    expect(Object.keys(aws.buckets).length).toBeGreaterThan(0);
    expect(Object.keys(aws.roles).length).toBeGreaterThan(0);
  });

  it('notices drift: a profile that differs in one property is reported with its path', () => {
    const base = { buckets: { datasets: { versioning: true } } };
    expect(differences(base, { buckets: { datasets: { versioning: false } } })).toEqual(['buckets.datasets.versioning: aws=true terraform=false']);
  });
});

describe('the comparison sees where a grant, an isolation or a key user went wrong', () => {
  const tenant = exampleTenants()[0]!;
  const steward = `sbx-${tenant.id}-${tenant.people.find((p) => p.role === 'data-steward')!.id}`;
  const policyOf = (config: Json, roleName: string) => Object.values<Json>(config.resource.aws_iam_role_policy).find((p) => p.name === `${roleName}-grants`)!;

  it('a grant of the same actions on the wrong store', async () => {
    const { template, config } = await outputs(tenant);
    // The data steward writes datasets; here the write lands on the workspace instead.
    const grants = policyOf(config, steward);
    const policy = JSON.parse(grants.policy) as { Statement: { Sid: string; Resource: string[] }[] };
    policy.Statement.find((s) => s.Sid === 'DatasetsWrite')!.Resource = ['${aws_s3_bucket.workspace.arn}/*'];
    grants.policy = JSON.stringify(policy);
    const aws = securityProfileFromCloudFormation(template, tenant.region);
    const terraform = securityProfileFromTerraform(config);
    const drift = differences(aws, terraform);
    const unexpected = drift.filter((d) => !documentedDifferences(tenantBlueprint(tenant)).includes(d));
    expect(unexpected).toContain(`roles.${steward}.permissions.s3:PutObject: aws=["store:datasets/*"] terraform=["store:workspace/*"]`);
    expect(unexpected.every((d) => d.startsWith(`roles.${steward}.permissions.`))).toBe(true);
    // The same actions on both sides: comparing action lists alone would have passed.
    expect(Object.keys(terraform.roles[steward]!.permissions)).toEqual(Object.keys(aws.roles[steward]!.permissions));
  });

  it('a person role bound by a session name the caller picks instead of the IdP-set source identity', async () => {
    const { template, config } = await outputs(tenant);
    const person = tenant.people.find((p) => p.role === 'innovator')!;
    const role = config.resource.aws_iam_role[`person_${person.id.replace(/-/g, '_')}`];
    role.assume_role_policy = role.assume_role_policy.replace('"sts:SourceIdentity"', '"sts:RoleSessionName"');
    const drift = differences(securityProfileFromCloudFormation(template, tenant.region), securityProfileFromTerraform(config));
    const roleName = `sbx-${tenant.id}-${person.id}`;
    const condition = (key: string) => `["account if Bool aws:MultiFactorAuthPresent=true if StringEquals ${key}=${person.id}"]`;
    expect(drift).toContain(`roles.${roleName}.trust.sts:AssumeRole: aws=${condition('sts:SourceIdentity')} terraform=${condition('sts:RoleSessionName')}`);
    expect(drift.filter((d) => !documentedDifferences(tenantBlueprint(tenant)).includes(d)).every((d) => d.startsWith(`roles.${roleName}.trust.`))).toBe(true);
  });

  it('a trail that stops recording reads of a log store', async () => {
    const { template, config } = await outputs(tenant);
    const selector = config.resource.aws_cloudtrail.trail.event_selector[0].data_resource[0];
    selector.values = selector.values.filter((v: string) => !v.includes('log_documentation'));
    const drift = differences(securityProfileFromCloudFormation(template, tenant.region), securityProfileFromTerraform(config));
    expect(drift.filter((d) => !documentedDifferences(tenantBlueprint(tenant)).includes(d))).toEqual([
      expect.stringMatching(/^trail\.dataEventStores: aws=\[.*"documentation".*\] terraform=\[/),
    ]);
  });

  it('a suspended tenant whose endpoints still admit HTTPS and whose S3 endpoint still writes', async () => {
    const suspended = withStatus(tenant, 'suspended');
    const { template, config } = await outputs(suspended);
    config.resource.aws_vpc_security_group_ingress_rule = {
      endpoints_https_from_vpc: { security_group_id: '${aws_security_group.endpoints_security_group.id}', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.64.0.0/16' },
    };
    const endpoint = config.resource.aws_vpc_endpoint.endpoint_s3;
    endpoint.policy = endpoint.policy.replace('"s3:GetObject"', '"s3:GetObject","s3:PutObject"');
    const drift = differences(securityProfileFromCloudFormation(template, tenant.region), securityProfileFromTerraform(config));
    expect(drift).toContain('network.securityGroupIngress: aws=[] terraform=["tcp 443-443 from 10.64.0.0/16"]');
    expect(drift.filter((d) => d.startsWith('network.s3EndpointAccess.'))).toHaveLength(tenantBlueprint(suspended).buckets.length);
  });

  it('a key policy that lets another role use the data key', async () => {
    const { template, config } = await outputs(tenant);
    const key = config.resource.aws_kms_key.data_key;
    const supervisor = tenant.people.find((p) => p.role === 'supervisor')!.id.replace(/-/g, '_');
    key.policy = key.policy.replace('"Principal":{"AWS":[', `"Principal":{"AWS":["\${aws_iam_role.person_${supervisor}.arn}",`);
    const drift = differences(securityProfileFromCloudFormation(template, tenant.region), securityProfileFromTerraform(config));
    const unexpected = drift.filter((d) => !documentedDifferences(tenantBlueprint(tenant)).includes(d));
    expect(unexpected.length).toBeGreaterThan(0);
    expect(unexpected.every((d) => d.startsWith(`keys.data.principals.role:sbx-${tenant.id}-`))).toBe(true);
  });
});
