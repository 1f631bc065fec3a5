import { describe, expect, it } from 'vitest';
import { tenantBlueprint } from '../../stacks/blueprint/index.ts';
import { AWS_PROVIDER_CONSTRAINT, synthesizeTerraform, TERRAFORM_BACKEND_EXAMPLE_PATH, TERRAFORM_CONFIG_PATH } from '../../stacks/terraform/index.ts';
import type { Tenant } from '../../tenancy/index.ts';
import { PROJECT_ROOT } from '../../tenancy/paths.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';
import { allRenderings } from './renderings.ts';

type Json = Record<string, any>;

async function synth(tenant: Tenant) {
  const output = await synthesizeTerraform(tenant);
  const text = (path: string) => output.artifacts.find((a) => a.path === path)?.content ?? '';
  return { output, text: text(TERRAFORM_CONFIG_PATH), json: JSON.parse(text(TERRAFORM_CONFIG_PATH)) as Json, backend: text(TERRAFORM_BACKEND_EXAMPLE_PATH) };
}

const statementsOf = (policy: string): Json[] => (JSON.parse(policy) as { Statement: Json[] }).Statement;
const all = (json: Json, type: string): Json[] => Object.values<Json>(json.resource[type] ?? {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const first = () => exampleTenants()[0]!;

describe('Terraform JSON is reproducible and hand-off ready', () => {
  it('same tenant in, same bytes out; keys sorted; no absolute paths, timestamps or cdktf metadata', async () => {
    for (const tenant of exampleTenants()) {
      const a = await synth(tenant);
      const b = await synth(tenant);
      expect(b.text).toBe(a.text);
      expect(b.backend).toBe(a.backend);
      expect(a.text).not.toContain(PROJECT_ROOT);
      expect(a.text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
      expect(a.text).not.toMatch(/"(uniqueId|stackName|cdktf)"|"path":/);
      const sorted = (v: unknown): boolean =>
        Array.isArray(v) ? v.every(sorted) : v && typeof v === 'object' ? Object.keys(v).join() === Object.keys(v).sort().join() && Object.values(v).every(sorted) : true;
      expect(sorted(a.json)).toBe(true);
    }
  });

  it('writes terraform/cdk.tf.json and a backend example, and counts the resources Terraform will create', async () => {
    const { output, json } = await synth(first());
    expect(output.engine).toBe('terraform');
    expect(output.artifacts.map((a) => a.path)).toEqual(['terraform/cdk.tf.json', 'terraform/backend.tf.example']);
    expect(output.resources).toBe(Object.values<Json>(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0));
  });

  it('pins hashicorp/aws to a range that 5.100 satisfies and takes the region and tags from the plan', async () => {
    for (const tenant of exampleTenants()) {
      const { json } = await synth(tenant);
      expect(json.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: AWS_PROVIDER_CONSTRAINT });
      expect(AWS_PROVIDER_CONSTRAINT).toBe('>= 5.100, < 7');
      expect(json.provider.aws).toEqual([{ region: tenant.region, default_tags: [{ tags: tenantBlueprint(tenant).tags }] }]);
    }
  });

  it('carries no backend, credentials, provider skip flags or account id', async () => {
    const { json, text } = await synth(first());
    expect(json.terraform.backend).toBeUndefined();
    expect(text).not.toMatch(/"skip_(?!destroy)|access_key|secret_key|"token"|"profile"|"assume_role"|\b\d{12}\b/);
    expect(json.locals).toEqual({ account_id: '${data.aws_caller_identity.current.account_id}' });
  });

  it('documents a commented-out S3 backend with S3-native locking', async () => {
    const tenant = first();
    const { backend } = await synth(tenant);
    const live = backend.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(live).toEqual([]);
    expect(backend).toMatch(/^# {3}backend "s3" \{$/m);
    expect(backend).toMatch(/^# {5}use_lockfile = true$/m);
    expect(backend).toContain(`region       = "${tenant.region}"`);
    expect(backend).toContain(`key          = "sandbox/${tenant.id}/terraform.tfstate"`);
  });
});

describe('Terraform tenant details beyond the security profile', () => {
  it('names every bucket sbx-<account>-<tenant>-<suffix> with the account from the caller identity', async () => {
    const tenant = first();
    const blueprint = tenantBlueprint(tenant);
    const names = all((await synth(tenant)).json, 'aws_s3_bucket').map((b) => b.bucket).sort();
    const suffixes = [...blueprint.dataStores, ...blueprint.logStores, blueprint.serverAccessLogs].map((s) => s.nameSuffix);
    expect(names).toEqual(suffixes.map((s) => `sbx-\${local.account_id}-${tenant.id}-${s}`).sort());
  });

  it('denies plain HTTP and TLS before 1.2 on every store', async () => {
    const { json } = await synth(first());
    const policies = all(json, 'aws_s3_bucket_policy');
    expect(policies).toHaveLength(all(json, 'aws_s3_bucket').length);
    for (const policy of policies) {
      const denials = statementsOf(policy.policy).filter((s) => s.Effect === 'Deny' && s.Action === 's3:*');
      expect(denials.map((s) => s.Condition)).toEqual([{ Bool: { 'aws:SecureTransport': 'false' } }, { NumericLessThan: { 's3:TlsVersion': '1.2' } }]);
    }
  });

  it('lets HTTPS from the VPC reach the endpoints while active, and nothing while suspended', async () => {
    const tenant = first();
    const active = all((await synth(tenant)).json, 'aws_vpc_security_group_ingress_rule');
    expect(active).toEqual([expect.objectContaining({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: tenantBlueprint(tenant).network!.cidr })]);
    const suspended = await synth(withStatus(tenant, 'suspended'));
    expect(suspended.json.resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
    expect(all(suspended.json, 'aws_security_group').flatMap((g) => [...list(g.ingress ?? []), ...list(g.egress ?? [])])).toEqual([]);
    expect(all(suspended.json, 'aws_vpc_endpoint')).toHaveLength(4);
  });

  it('retains evidence at exit and lets the data stores and the data key go', async () => {
    const tenant = first();
    const active = (await synth(tenant)).json;
    for (const store of ['datasets', 'workspace', 'results']) expect(active.resource.aws_s3_bucket[store]).toMatchObject({ force_destroy: true });
    for (const bucket of all(active, 'aws_s3_bucket').filter((b) => !b.force_destroy)) expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(active.resource.aws_kms_key.evidence_key.lifecycle).toEqual({ prevent_destroy: true });
    expect(active.resource.aws_kms_key.data_key).toMatchObject({ deletion_window_in_days: 7, enable_key_rotation: true });
    for (const group of all(active, 'aws_cloudwatch_log_group')) expect(group.skip_destroy).toBe(true);

    const exited = (await synth(withStatus(tenant, 'exited'))).json;
    expect(Object.keys(exited.resource.aws_kms_key)).toEqual(['evidence_key']);
    expect(all(exited, 'aws_s3_bucket').every((b) => b.lifecycle?.prevent_destroy === true)).toBe(true);
    expect(exited.resource.aws_vpc).toBeUndefined();
    expect(exited.resource.aws_cloudtrail).toBeUndefined();
    const supervisors = tenant.people.filter((p) => p.role === 'supervisor').map((p) => `sbx-${tenant.id}-${p.id}`);
    expect(all(exited, 'aws_iam_role').map((r) => r.name).sort()).toEqual(supervisors.sort());
  });

  it('lets only the person with MFA and their IdP-set source identity assume their role', async () => {
    const tenant = first();
    const roles = all((await synth(tenant)).json, 'aws_iam_role').filter((r) => r.name.startsWith(`sbx-${tenant.id}-u`));
    expect(roles).toHaveLength(tenant.people.length);
    for (const role of roles) {
      const [trust, ...rest] = statementsOf(role.assume_role_policy);
      expect(rest).toEqual([]);
      expect(trust).toMatchObject({
        Effect: 'Allow',
        Principal: { AWS: 'arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root' },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        // Not sts:RoleSessionName: the caller picks the session name, the IdP sets the source identity.
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'sts:SourceIdentity': role.name.slice(`sbx-${tenant.id}-`.length) } },
      });
      expect(JSON.stringify(trust!.Condition)).not.toContain('RoleSessionName');
      expect(role.permissions_boundary).toBe('${aws_iam_policy.permission_boundary.arn}');
    }
  });

  it('allows nothing to a wildcard principal and no wildcard action on every resource', async () => {
    for (const { label, tenant } of allRenderings()) {
      const { json } = await synth(tenant);
      const policies = [
        ...all(json, 'aws_kms_key').map((k) => k.policy),
        ...all(json, 'aws_s3_bucket_policy').map((p) => p.policy),
        ...all(json, 'aws_iam_role').map((r) => r.assume_role_policy),
        ...all(json, 'aws_iam_role_policy').map((p) => p.policy),
        ...all(json, 'aws_iam_policy').map((p) => p.policy),
      ];
      for (const statement of policies.flatMap(statementsOf).filter((s) => s.Effect === 'Allow')) {
        const principals = statement.Principal === undefined ? [] : typeof statement.Principal === 'string' ? [statement.Principal] : Object.values<unknown>(statement.Principal).flatMap(list);
        expect(principals, `${label}: ${statement.Sid}`).not.toContain('*');
        const actions = list(statement.Action);
        expect(actions.some((a) => a === '*' || (typeof a === 'string' && a.endsWith(':*'))), `${label}: ${statement.Sid}`).toBe(false);
      }
    }
  });

  it('gives each key to exactly the roles whose grants need it, only through the service holding what they read', async () => {
    const tenant = first();
    const { json } = await synth(tenant);
    /** principal → the services it may use the key through */
    const users = (key: string) => {
      const out = new Map<string, string[]>();
      for (const s of statementsOf(json.resource.aws_kms_key[key].policy).filter((s) => s.Sid.startsWith('PersonRolesUseKey'))) {
        for (const principal of list(s.Principal.AWS) as string[]) out.set(principal, [...(out.get(principal) ?? []), s.Condition.StringEquals['kms:ViaService']].sort());
      }
      return Object.fromEntries([...out].sort());
    };
    const roleRef = (id: string) => `\${aws_iam_role.person_${id.replace(/-/g, '_')}.arn}`;
    const via = (...services: string[]) => services.map((s) => `${s}.${tenant.region}.amazonaws.com`);
    const withRole = (role: string, services: string[]) => tenant.people.filter((p) => p.role === role).map((p) => [roleRef(p.id), services] as const);
    expect(users('data_key')).toEqual(Object.fromEntries([...withRole('innovator', via('s3')), ...withRole('data-steward', via('s3'))].sort()));
    expect(users('evidence_key')).toEqual(Object.fromEntries([...withRole('supervisor', via('logs', 's3')), ...withRole('platform-engineer', via('logs', 's3'))].sort()));
    // Through S3 the platform engineer may encrypt (to upload ledger segments); nobody else may encrypt with the evidence key.
    const encrypters = statementsOf(json.resource.aws_kms_key.evidence_key.policy)
      .filter((s) => s.Sid.startsWith('PersonRolesUseKey') && list(s.Action).includes('kms:GenerateDataKey'))
      .map((s) => [list(s.Principal.AWS).sort(), s.Condition.StringEquals['kms:ViaService']]);
    expect(encrypters).toEqual([[withRole('platform-engineer', []).map(([r]) => r).sort(), `s3.${tenant.region}.amazonaws.com`]]);
  });

  it('lets the platform engineer append ledger segments to the AI-system-log store and nothing else of the evidence', async () => {
    const tenant = first();
    const { json } = await synth(tenant);
    for (const engineer of tenant.people.filter((p) => p.role === 'platform-engineer')) {
      const grants = json.resource.aws_iam_role_policy[`person_${engineer.id.replace(/-/g, '_')}_grants`];
      const statements = statementsOf(grants.policy);
      const writes = statements.filter((s) => list(s.Action).some((a) => /^s3:(Put|Delete|Abort)/.test(String(a))));
      expect(writes).toEqual([{ Sid: 'AiSystemLogsAppend', Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['${aws_s3_bucket.log_ai_system_logs.arn}/ledger/*'] }]);
      expect(statements.flatMap((s) => list(s.Action)).filter((a) => /^s3:(Get|List)/.test(String(a)))).toEqual([]);
    }
  });

  it('records data events on the data stores and on every log store but the trail’s own destination', async () => {
    const tenant = first();
    const trail = (await synth(tenant)).json.resource.aws_cloudtrail.trail;
    const recorded = trail.event_selector.flatMap((s: { data_resource: { values: string[] }[] }) => s.data_resource.flatMap((d) => d.values));
    const logStores = tenant.retention.filter((c) => c.name !== 'access-logs').map((c) => `\${aws_s3_bucket.log_${c.name.replace(/-/g, '_')}.arn}/`);
    expect(recorded).toEqual([...['datasets', 'workspace', 'results'].map((s) => `\${aws_s3_bucket.${s}.arn}/`), ...logStores]);
    expect(trail.s3_bucket_name).toBe('${aws_s3_bucket.log_access_logs.id}');
    expect(recorded.join()).not.toMatch(/log_access_logs|server_access_logs/);
  });

  it('lets the S3 gateway endpoint reach only the tenant stores, read-only while suspended', async () => {
    const tenant = first();
    const endpointPolicy = async (t: Tenant) => statementsOf((await synth(t)).json.resource.aws_vpc_endpoint.endpoint_s3.policy);
    // Exact names: `sbx-<account>-<id>-*` would also match a tenant whose id is `<id>-…`.
    const buckets = tenantBlueprint(tenant).buckets.map((b) => `arn:\${data.aws_partition.current.partition}:s3:::sbx-\${local.account_id}-${tenant.id}-${b.nameSuffix}`);
    expect(buckets).toHaveLength(3 + tenant.retention.length + 1);
    const [active] = await endpointPolicy(tenant);
    expect(active).toMatchObject({ Effect: 'Allow', Resource: buckets.flatMap((b) => [b, `${b}/*`]) });
    expect(active!.Action).toContain('s3:PutObject*');
    const [suspended] = await endpointPolicy(withStatus(tenant, 'suspended'));
    expect(suspended!.Action.filter((a: string) => /Put|Delete|Abort|Restore/.test(a))).toEqual([]);
    expect(suspended!.Action).toContain('s3:GetObject');
  });

  it('keeps the network isolated: two private subnets in two zones, routes without a way out', async () => {
    const tenant = first();
    const { json } = await synth(tenant);
    const subnets = all(json, 'aws_subnet');
    expect(subnets.map((s) => s.availability_zone)).toEqual([`${tenant.region}a`, `${tenant.region}b`]);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(all(json, 'aws_route_table').every((t) => t.route === undefined)).toBe(true);
    expect(json.resource.aws_route).toBeUndefined();
    expect(json.resource.aws_default_security_group.default_security_group.ingress).toBeUndefined();
    expect(all(json, 'aws_flow_log')).toEqual([expect.objectContaining({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' })]);
  });
});
