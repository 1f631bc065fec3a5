import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEY_ADMINISTRATION_ACTIONS, LOG_STORE_SUFFIX, tenantBlueprint } from '../../stacks/blueprint/index.ts';
import { peopleWithRole } from '../../tenancy/index.ts';
import { exampleTenants } from '../support/example-tenants.ts';
import { allRenderings, type Rendering } from './renderings.ts';

/**
 * The security properties of issue 2, part 5, asserted on the CloudFormation the engine writes,
 * for every example tenant, and the suspended and exited renderings of issue 7. The synth runs
 * with the cdk-nag packs, so it also proves every rendering passes them.
 */
const tenants = exampleTenants();
let renderings: Rendering[];
beforeAll(async () => {
  renderings = await allRenderings(true);
});

const rendering = (id: string, status: Rendering['status']) => renderings.find((r) => r.tenant.id === id && r.status === status)!;
type Resource = { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string };
const ofType = (r: Rendering, type: string): [string, Resource][] => Object.entries(r.template.Resources).filter(([, x]) => x.Type === type) as [string, Resource][];
const logicalIdOf = (r: Rendering, type: string, predicate: (x: Resource) => boolean) => {
  const found = ofType(r, type).filter(([, x]) => predicate(x));
  expect(found, `exactly one ${type} matching`).toHaveLength(1);
  return found[0]![0];
};
const hasTag = (x: Resource, key: string, value?: string) => (x.Properties?.Tags ?? []).some((t: { Key: string; Value: string }) => t.Key === key && (value === undefined || t.Value === value));
const keyId = (r: Rendering, purpose: 'data' | 'evidence') => {
  const alias = ofType(r, 'AWS::KMS::Alias').find(([, a]) => String(a.Properties?.AliasName).endsWith(`/${purpose}`));
  return alias ? (alias[1].Properties!.TargetKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0] : undefined;
};
const bucketId = (r: Rendering, kind: string, tag: string, value: string) => logicalIdOf(r, 'AWS::S3::Bucket', (b) => hasTag(b, 'sandbox:store-kind', kind) && hasTag(b, tag, value));
const policyStatements = (r: Rendering, bucket: string) =>
  ofType(r, 'AWS::S3::BucketPolicy')
    .filter(([, p]) => p.Properties?.Bucket?.Ref === bucket)
    .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Record<string, any>[]);
const personPolicyStatements = (r: Rendering, roleName: string) => {
  const role = logicalIdOf(r, 'AWS::IAM::Role', (x) => x.Properties?.RoleName === roleName);
  return ofType(r, 'AWS::IAM::ManagedPolicy')
    .filter(([, m]) => (m.Properties?.Roles ?? []).some((ref: { Ref?: string }) => ref.Ref === role))
    .flatMap(([, m]) => m.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
};
const personPolicyActions = (r: Rendering, roleName: string) => personPolicyStatements(r, roleName).flatMap((s) => [s.Action].flat());

describe.each(tenants.map((t) => t.id))('tenant %s, active', (id) => {
  const r = () => rendering(id, 'active');
  const template = () => Template.fromJSON(r().template);

  it('has an isolated network: no internet or NAT gateway, no public subnet, flow logs, endpoints only', () => {
    template().resourceCountIs('AWS::EC2::InternetGateway', 0);
    template().resourceCountIs('AWS::EC2::NatGateway', 0);
    template().resourceCountIs('AWS::EC2::EIP', 0);
    template().resourceCountIs('AWS::EC2::Route', 0);
    for (const [, subnet] of ofType(r(), 'AWS::EC2::Subnet')) expect(subnet.Properties?.MapPublicIpOnLaunch).toBe(false);
    const vpc = logicalIdOf(r(), 'AWS::EC2::VPC', () => true);
    template().hasResourceProperties('AWS::EC2::FlowLog', { ResourceId: { Ref: vpc }, ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', LogGroupName: { Ref: Match.anyValue() } });
    template().hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({ 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] }) });
    for (const service of ['kms', 'logs', 'sts']) {
      template().hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.${r().tenant.region}.${service}`, PrivateDnsEnabled: true });
    }
  });

  it('has no security group rule open to the world, in or out', () => {
    const text = JSON.stringify(ofType(r(), 'AWS::EC2::SecurityGroup').concat(ofType(r(), 'AWS::EC2::SecurityGroupIngress'), ofType(r(), 'AWS::EC2::SecurityGroupEgress')));
    expect(text).not.toMatch(/0\.0\.0\.0\/0|::\/0/);
    template().hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.64.0.0/16', FromPort: 443, ToPort: 443 })] });
  });

  it('lets the S3 endpoint reach only the tenant’s own buckets, each by its exact ARN', () => {
    const [, endpoint] = ofType(r(), 'AWS::EC2::VPCEndpoint').find(([, e]) => e.Properties?.VpcEndpointType === 'Gateway')!;
    const statements = endpoint.Properties!.PolicyDocument.Statement as { Principal: unknown; Resource: unknown }[];
    // No `sbx-<account>-<id>-*` pattern: it would also match a tenant whose id is `<id>-…`.
    const arn = (suffix: string, objects = '') => ({ 'Fn::Join': ['', ['arn:aws:s3:::sbx-', { Ref: 'AWS::AccountId' }, `-${id}-${suffix}${objects}`]] });
    const suffixes = tenantBlueprint(r().tenant).buckets.map((b) => b.nameSuffix);
    expect(suffixes).toEqual(['data', 'work', 'results', ...r().tenant.retention.map((c) => LOG_STORE_SUFFIX[c.name]), 's3logs']);
    expect(statements.map((s) => s.Resource)).toEqual([suffixes.flatMap((suffix) => [arn(suffix), arn(suffix, '/*')])]);
    expect(statements.every((s) => JSON.stringify(s.Principal).includes(':root'))).toBe(true);
  });

  it('has a data key and an evidence key, both rotated, with policies naming no wildcard principal', () => {
    for (const purpose of ['data', 'evidence'] as const) {
      const key = r().template.Resources[keyId(r(), purpose)!]!;
      expect(key.Properties?.EnableKeyRotation).toBe(true);
      for (const statement of key.Properties!.KeyPolicy.Statement as Record<string, any>[]) {
        expect(statement.Effect).toBe('Allow');
        expect(JSON.stringify(statement.Principal)).not.toMatch(/"\*"/);
        // The account may administer a key, never use it: only named roles and services can.
        if (JSON.stringify(statement.Principal).includes(':root')) expect([statement.Action].flat().sort()).toEqual([...KEY_ADMINISTRATION_ACTIONS].sort());
      }
    }
  });

  it('lets only the tenant’s person roles use the data key, and only through S3', () => {
    const key = r().template.Resources[keyId(r(), 'data')!]!;
    const roleIds = new Set(ofType(r(), 'AWS::IAM::Role').filter(([, x]) => String(x.Properties?.RoleName).startsWith(`sbx-${id}-`)).map(([rid]) => rid));
    const usage = (key.Properties!.KeyPolicy.Statement as Record<string, any>[]).filter((s) => s.Sid !== 'AccountAdministersKey');
    expect(usage.length).toBeGreaterThan(0);
    for (const statement of usage) {
      for (const principal of [statement.Principal.AWS].flat()) expect(roleIds).toContain(principal['Fn::GetAtt'][0]);
      expect(statement.Condition.StringEquals['kms:ViaService']).toEqual([`s3.${r().tenant.region}.amazonaws.com`]);
    }
  });

  it('lets CloudWatch Logs and CloudTrail use the evidence key only for this tenant’s groups and trail', () => {
    const key = r().template.Resources[keyId(r(), 'evidence')!]!;
    const statements = key.Properties!.KeyPolicy.Statement as Record<string, any>[];
    const logs = statements.find((s) => s.Sid === 'CloudWatchLogsEncryptsLogGroups')!;
    expect(logs.Principal.Service).toBe(`logs.${r().tenant.region}.amazonaws.com`);
    expect(JSON.stringify(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])).toContain(`log-group:/sandbox/${id}/`);
    const trail = statements.find((s) => s.Sid === 'CloudTrailEncryptsTrail')!;
    expect(JSON.stringify(trail.Condition.StringEquals['aws:SourceArn'])).toContain(`:trail/sandbox-${id}`);
  });

  it('stores data in three buckets: data key, versioned, private, TLS-only, endpoint-only, access-logged', () => {
    const dataKey = keyId(r(), 'data');
    const s3logs = logicalIdOf(r(), 'AWS::S3::Bucket', (b) => hasTag(b, 'sandbox:store-kind', 'server-access-logs'));
    const endpoint = logicalIdOf(r(), 'AWS::EC2::VPCEndpoint', (e) => e.Properties?.VpcEndpointType === 'Gateway');
    for (const store of ['datasets', 'workspace', 'results']) {
      const bucket = bucketId(r(), 'data-store', 'sandbox:store', store);
      const props = r().template.Resources[bucket]!.Properties!;
      expect(props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [dataKey, 'Arn'] } });
      expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(props.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(props.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: s3logs }, LogFilePrefix: `${store}/` });
      const statements = policyStatements(r(), bucket);
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: expect.arrayContaining(['s3:GetObject*', 's3:PutObject*']), Condition: { StringNotEquals: { 'aws:SourceVpce': { Ref: endpoint } } } }),
      );
      expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([]);
    }
  });

  it('keeps one log store per retention class: Object Lock COMPLIANCE with the class floor, evidence key, retained', () => {
    const evidenceKey = keyId(r(), 'evidence');
    for (const retention of r().tenant.retention) {
      const bucket = bucketId(r(), 'log-store', 'sandbox:retention-class', retention.name);
      const resource = r().template.Resources[bucket]!;
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.Properties!.ObjectLockEnabled).toBe(true);
      expect(resource.Properties!.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: retention.days } } });
      expect(resource.Properties!.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({ 'Fn::GetAtt': [evidenceKey, 'Arn'] });
      expect(policyStatements(r(), bucket)).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    }
    expect(ofType(r(), 'AWS::S3::Bucket').filter(([, b]) => hasTag(b, 'sandbox:store-kind', 'log-store'))).toHaveLength(r().tenant.retention.length);
  });

  it('keeps CloudWatch log groups at least 183 days, encrypted with the evidence key, retained', () => {
    const groups = ofType(r(), 'AWS::Logs::LogGroup');
    expect(groups.map(([, g]) => g.Properties!.LogGroupName).sort()).toEqual([`/sandbox/${id}/flow-logs`, `/sandbox/${id}/workloads`]);
    for (const [, group] of groups) {
      expect(group.Properties!.RetentionInDays).toBeGreaterThanOrEqual(183);
      expect(group.Properties!.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId(r(), 'evidence'), 'Arn'] });
      expect(group.DeletionPolicy).toBe('Retain');
    }
  });

  it('records a validated, encrypted trail with data events on every data store and every log store but its own destination, into the access-log store', () => {
    const accessStore = bucketId(r(), 'log-store', 'sandbox:retention-class', 'access-logs');
    const dataStores = ['datasets', 'workspace', 'results'].map((s) => bucketId(r(), 'data-store', 'sandbox:store', s));
    // The trail's own destination would record each delivery as a new event to deliver: a loop.
    const otherLogStores = r().tenant.retention.filter((c) => c.name !== 'access-logs').map((c) => bucketId(r(), 'log-store', 'sandbox:retention-class', c.name));
    expect(otherLogStores.length).toBeGreaterThanOrEqual(3);
    template().hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: `sandbox-${id}`,
      EnableLogFileValidation: true,
      IsMultiRegionTrail: true,
      IsLogging: true,
      KMSKeyId: { 'Fn::GetAtt': [keyId(r(), 'evidence'), 'Arn'] },
      S3BucketName: { Ref: accessStore },
      EventSelectors: [
        {
          IncludeManagementEvents: true,
          ReadWriteType: 'All',
          DataResources: [{ Type: 'AWS::S3::Object', Values: [...dataStores, ...otherLogStores].map((b) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [b, 'Arn'] }, '/']] })) }],
        },
      ],
    });
    const recorded = JSON.stringify(ofType(r(), 'AWS::CloudTrail::Trail')[0]![1].Properties!.EventSelectors);
    const s3logs = logicalIdOf(r(), 'AWS::S3::Bucket', (b) => hasTag(b, 'sandbox:store-kind', 'server-access-logs'));
    for (const excluded of [accessStore, s3logs]) expect(recorded).not.toContain(`"${excluded}"`);
    const delivery = policyStatements(r(), accessStore).find((s) => s.Sid === 'CloudTrailDelivers')!;
    expect(JSON.stringify(delivery.Condition.StringEquals['aws:SourceArn'])).toContain(`trail/sandbox-${id}`);
  });

  it('gives every person in the plan one role, assumable only with MFA and their IdP-set source identity, bounded', () => {
    const boundary = logicalIdOf(r(), 'AWS::IAM::ManagedPolicy', (m) => m.Properties?.ManagedPolicyName === `sbx-${id}-boundary`);
    const personRoles = ofType(r(), 'AWS::IAM::Role').filter(([, x]) => JSON.stringify(x.Properties!.AssumeRolePolicyDocument).includes(':root'));
    expect(personRoles.map(([, x]) => x.Properties!.RoleName).sort()).toEqual(r().tenant.people.map((p) => `sbx-${id}-${p.id}`).sort());
    for (const person of r().tenant.people) {
      template().hasResourceProperties('AWS::IAM::Role', {
        RoleName: `sbx-${id}-${person.id}`,
        PermissionsBoundary: { Ref: boundary },
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
              Effect: 'Allow',
              Principal: { AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
              // Not sts:RoleSessionName: the caller picks the session name, the IdP sets the source identity.
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'sts:SourceIdentity': person.id } },
            },
          ],
        },
      });
    }
    // The only other role is the flow-log delivery role, assumable by that service alone.
    const others = ofType(r(), 'AWS::IAM::Role').filter(([, x]) => !personRoles.some(([, p]) => p === x));
    expect(others.map(([, x]) => x.Properties!.AssumeRolePolicyDocument.Statement[0].Principal)).toEqual([{ Service: 'vpc-flow-logs.amazonaws.com' }]);
  });

  it('grants no `*` action and no `*` resource beyond cloudtrail:LookupEvents, and no inline policies', () => {
    template().resourceCountIs('AWS::IAM::Policy', 0);
    for (const [, policy] of ofType(r(), 'AWS::IAM::ManagedPolicy')) {
      for (const statement of policy.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]) {
        const actions = [statement.Action].flat();
        expect(actions.some((a) => a === '*' || a.endsWith(':*'))).toBe(false);
        if (statement.Resource === '*') expect(actions).toEqual(['cloudtrail:LookupEvents']);
      }
    }
    for (const [, role] of ofType(r(), 'AWS::IAM::Role')) expect(role.Properties!.Policies).toBeUndefined();
  });

  it('gives innovators read-only datasets and read-write workspace and results', () => {
    for (const innovator of peopleWithRole(r().tenant, 'innovator')) {
      const actions = personPolicyActions(r(), `sbx-${id}-${innovator.id}`);
      expect(actions).toContain('s3:PutObject');
      expect(actions).toContain('kms:GenerateDataKey');
    }
    const blueprint = tenantBlueprint(r().tenant);
    const innovatorSpec = blueprint.roles.find((x) => x.personRole === 'innovator')!;
    expect(innovatorSpec.grants).toContainEqual({ target: { kind: 'data-store', id: 'datasets' }, access: 'read' });
  });

  it('lets the platform engineer only append ledger segments to the AI-system-log store, through the evidence key’s policy', () => {
    const ailogs = bucketId(r(), 'log-store', 'sandbox:retention-class', 'ai-system-logs');
    const evidenceKey = r().template.Resources[keyId(r(), 'evidence')!]!;
    const engineers = peopleWithRole(r().tenant, 'platform-engineer');
    expect(engineers.length).toBeGreaterThan(0);
    for (const engineer of engineers) {
      const roleName = `sbx-${id}-${engineer.id}`;
      const puts = personPolicyStatements(r(), roleName).filter((s) => [s.Action].flat().some((a) => /^s3:(Put|Delete|Abort)/.test(a)));
      expect(puts.map((s) => [[s.Action].flat(), s.Resource])).toEqual([[['s3:PutObject'], { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ailogs, 'Arn'] }, '/ledger/*']] }]]);
      // No read of any store: appending leaves the evidence out of their reach.
      expect(personPolicyActions(r(), roleName).filter((a) => a.startsWith('s3:Get') || a.startsWith('s3:List'))).toEqual([]);
      const role = logicalIdOf(r(), 'AWS::IAM::Role', (x) => x.Properties?.RoleName === roleName);
      const keyUse = (evidenceKey.Properties!.KeyPolicy.Statement as Record<string, any>[]).filter((s) => [s.Principal?.AWS].flat().some((p: any) => p?.['Fn::GetAtt']?.[0] === role));
      expect(keyUse.map((s) => [[s.Action].flat().sort(), s.Condition.StringEquals['kms:ViaService']]).sort()).toEqual(
        [
          [['kms:Decrypt', 'kms:DescribeKey'], [`logs.${r().tenant.region}.amazonaws.com`]],
          [['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'], [`s3.${r().tenant.region}.amazonaws.com`]],
        ].sort(),
      );
    }
    // Nobody else writes a log store.
    const logStores = r().tenant.retention.map((c) => bucketId(r(), 'log-store', 'sandbox:retention-class', c.name));
    for (const person of r().tenant.people.filter((p) => p.role !== 'platform-engineer')) {
      const writes = personPolicyStatements(r(), `sbx-${id}-${person.id}`).filter((s) => [s.Action].flat().some((a) => /^s3:(Put|Delete)/.test(a)));
      expect(writes.filter((s) => logStores.some((b) => JSON.stringify(s.Resource).includes(`"${b}"`))), person.id).toEqual([]);
    }
  });

  it('tags every taggable resource with the tenant tags, and every store with its kind', () => {
    const untaggable = new Set(['AWS::S3::BucketPolicy', 'AWS::KMS::Alias', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::IAM::ManagedPolicy']);
    for (const [logicalId, resource] of Object.entries(r().template.Resources)) {
      if (untaggable.has(resource.Type)) continue;
      for (const [key, value] of Object.entries(r().tenant.tags)) expect(hasTag(resource, key, value), `${logicalId} tag ${key}`).toBe(true);
      expect(hasTag(resource, 'sandbox:lifecycle', 'active'), `${logicalId} lifecycle tag`).toBe(true);
    }
    for (const [, bucket] of ofType(r(), 'AWS::S3::Bucket')) expect(hasTag(bucket, 'sandbox:store-kind')).toBe(true);
  });

  it('names every bucket sbx-<account>-<tenant>-<suffix> with the account left to deploy time', () => {
    for (const [, bucket] of ofType(r(), 'AWS::S3::Bucket')) {
      expect(bucket.Properties!.BucketName['Fn::Join'][1].slice(0, 2)).toEqual(['sbx-', { Ref: 'AWS::AccountId' }]);
      expect(bucket.Properties!.BucketName['Fn::Join'][1][2]).toMatch(new RegExp(`^-${id}-[a-z0-9]+$`));
    }
  });

  it('schedules the data key for deletion when it leaves the template, and retains everything that is evidence', () => {
    const dataKey = r().template.Resources[keyId(r(), 'data')!]!;
    expect(dataKey.DeletionPolicy).toBe('Delete');
    expect(dataKey.Properties!.PendingWindowInDays).toBe(tenantBlueprint(r().tenant).dataKey!.pendingWindowDays);
    expect(r().template.Resources[keyId(r(), 'evidence')!]!.DeletionPolicy).toBe('Retain');
    for (const [, bucket] of ofType(r(), 'AWS::S3::Bucket')) {
      expect(bucket.DeletionPolicy).toBe(hasTag(bucket, 'sandbox:store-kind', 'data-store') ? 'Delete' : 'Retain');
    }
  });
});

describe.each(tenants.map((t) => t.id))('tenant %s, suspended', (id) => {
  const r = () => rendering(id, 'suspended');

  it('keeps the network but admits nothing to the endpoints and lets the S3 endpoint only read', () => {
    expect(ofType(r(), 'AWS::EC2::VPC')).toHaveLength(1);
    const [, group] = ofType(r(), 'AWS::EC2::SecurityGroup')[0]!;
    expect(group.Properties!.SecurityGroupIngress).toBeUndefined();
    expect(ofType(r(), 'AWS::EC2::SecurityGroupIngress')).toHaveLength(0);
    const [, endpoint] = ofType(r(), 'AWS::EC2::VPCEndpoint').find(([, e]) => e.Properties?.VpcEndpointType === 'Gateway')!;
    const actions = endpoint.Properties!.PolicyDocument.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions.filter((a: string) => /Put|Delete|Abort/.test(a))).toEqual([]);
  });

  it('revokes every write but the platform engineer’s ledger upload: nobody puts, deletes or encrypts in a data store', () => {
    for (const person of r().tenant.people) {
      const actions = personPolicyActions(r(), `sbx-${id}-${person.id}`);
      const writes = actions.filter((a) => /^s3:(Put|Delete|Abort)|kms:(Encrypt|GenerateDataKey)/.test(a));
      // The suspension itself is a ledger event, so sealed segments keep going to the evidence.
      expect(writes, person.id).toEqual(person.role === 'platform-engineer' ? ['s3:PutObject', 'kms:Encrypt', 'kms:GenerateDataKey'] : []);
    }
    for (const engineer of peopleWithRole(r().tenant, 'platform-engineer')) {
      expect(personPolicyStatements(r(), `sbx-${id}-${engineer.id}`).filter((s) => [s.Action].flat().includes('s3:PutObject')).map((s) => JSON.stringify(s.Resource))).toEqual([
        JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(r(), 'log-store', 'sandbox:retention-class', 'ai-system-logs'), 'Arn'] }, '/ledger/*']] }),
      ]);
    }
  });

  it('keeps the data, the keys and the trail', () => {
    expect(keyId(r(), 'data')).toBeDefined();
    expect(ofType(r(), 'AWS::S3::Bucket').filter(([, b]) => hasTag(b, 'sandbox:store-kind', 'data-store'))).toHaveLength(3);
    expect(ofType(r(), 'AWS::CloudTrail::Trail')).toHaveLength(1);
    for (const [, resource] of Object.entries(r().template.Resources)) if (resource.Properties?.Tags) expect(hasTag(resource, 'sandbox:lifecycle', 'suspended')).toBe(true);
  });
});

describe.each(tenants.map((t) => t.id))('tenant %s, exited', (id) => {
  const r = () => rendering(id, 'exited');

  it('keeps only the log stores, the evidence key, the workload log group and the supervisors', () => {
    const types = new Set(Object.values(r().template.Resources).map((x) => x.Type));
    expect([...types].sort()).toEqual(['AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::KMS::Alias', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy']);
    expect(keyId(r(), 'data')).toBeUndefined();
    expect(keyId(r(), 'evidence')).toBeDefined();
    expect(ofType(r(), 'AWS::Logs::LogGroup').map(([, g]) => g.Properties!.LogGroupName)).toEqual([`/sandbox/${id}/workloads`]);
    const stores = ofType(r(), 'AWS::S3::Bucket');
    expect(stores.filter(([, b]) => hasTag(b, 'sandbox:store-kind', 'data-store'))).toEqual([]);
    expect(stores.filter(([, b]) => hasTag(b, 'sandbox:store-kind', 'log-store'))).toHaveLength(r().tenant.retention.length);
    for (const [, store] of stores) expect(store.DeletionPolicy).toBe('Retain');
  });

  it('keeps a role for each supervisor only, with read access to the evidence', () => {
    const supervisors = peopleWithRole(r().tenant, 'supervisor').map((p) => `sbx-${id}-${p.id}`);
    expect(ofType(r(), 'AWS::IAM::Role').map(([, x]) => x.Properties!.RoleName).sort()).toEqual(supervisors.sort());
    for (const role of supervisors) {
      const actions = personPolicyActions(r(), role);
      expect(actions).toContain('s3:GetObject');
      expect(actions).toContain('kms:Decrypt');
      expect(actions.filter((a) => /^s3:(Put|Delete)/.test(a))).toEqual([]);
    }
  });

  it('lets CloudWatch Logs decrypt every group under the tenant’s prefix, so retained flow logs stay readable', () => {
    const key = r().template.Resources[keyId(r(), 'evidence')!]!;
    const logs = (key.Properties!.KeyPolicy.Statement as Record<string, any>[]).find((s) => s.Sid === 'CloudWatchLogsEncryptsLogGroups')!;
    expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toEqual([
      { 'Fn::Join': ['', [`arn:aws:logs:${r().tenant.region}:`, { Ref: 'AWS::AccountId' }, `:log-group:/sandbox/${id}/*`]] },
    ]);
  });

  it('leaves the data key out, so the next deploy schedules its deletion (crypto-shredding)', () => {
    const active = rendering(id, 'active');
    const dataKey = keyId(active, 'data')!;
    expect(active.template.Resources[dataKey]!.DeletionPolicy).toBe('Delete');
    expect(r().template.Resources[dataKey]).toBeUndefined();
    // Every evidence resource keeps its logical id, so the deploy keeps rather than replaces it.
    for (const [logicalId, resource] of Object.entries(r().template.Resources)) {
      if (resource.Type === 'AWS::S3::Bucket' || resource.Type === 'AWS::KMS::Key') expect(active.template.Resources[logicalId]?.Type).toBe(resource.Type);
    }
  });
});
