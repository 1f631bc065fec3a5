import { describe, expect, it } from 'vitest';
import { createAwsEngine } from '../../stacks/aws/index.ts';
import type { SecurityProfile } from '../../stacks/blueprint/index.ts';
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

async function profiles(tenant: Tenant): Promise<{ aws: SecurityProfile; terraform: SecurityProfile }> {
  const [aws, terraform] = await Promise.all([synthesizeAws(tenant), synthesizeTerraform(tenant)]);
  const template = JSON.parse(aws.artifacts.find((a) => a.path.endsWith('.template.json'))!.content);
  const config = JSON.parse(terraform.artifacts.find((a) => a.path.endsWith('cdk.tf.json'))!.content);
  return { aws: securityProfileFromCloudFormation(template), terraform: securityProfileFromTerraform(config) };
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

const cases = exampleTenants().flatMap((tenant) => TENANT_STATUSES.map((status) => [tenant.id, status, withStatus(tenant, status)] as const));

describe('CloudFormation and Terraform describe the same tenant', () => {
  it.each(cases)('%s (%s): identical encryption, retention, public access, network and roles', async (_id, _status, tenant) => {
    const { aws, terraform } = await profiles(tenant);
    expect(differences(aws, terraform)).toEqual([]);
    // The comparison must not pass vacuously on empty extractions.
    expect(Object.keys(aws.buckets).length).toBeGreaterThan(0);
    expect(Object.keys(aws.roles).length).toBeGreaterThan(0);
  });

  it('notices drift: a profile that differs in one property is reported with its path', () => {
    const base = { buckets: { datasets: { versioning: true } } };
    expect(differences(base, { buckets: { datasets: { versioning: false } } })).toEqual(['buckets.datasets.versioning: aws=true terraform=false']);
  });
});
