import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { AuditTrail, DataStoreBucket, EvidenceLogGroup, EvidenceStoreBucket, IsolatedNetwork, ServerAccessLogBucket } from '../../constructs/index.ts';
import { KMS_DECRYPT, KMS_ENCRYPT, LOGS_READ, S3_BUCKET_READ, S3_OBJECT_READ, S3_OBJECT_WRITE, TRAIL_LOOKUP, TRAIL_READ } from '../../stacks/blueprint/index.ts';
import { constructStack, key, logicalId, person, roleActions } from './construct-stack.ts';

const sorted = (...lists: readonly (readonly string[])[]) => [...new Set(lists.flat())].sort();

function dataStoreFixture() {
  const stack = constructStack();
  const dataKey = key(stack, 'DataKey');
  const logs = new ServerAccessLogBucket(stack, 'Logs', { bucketName: 'sbx-test-s3logs', expireAfterDays: 365 });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }], restrictDefaultSecurityGroup: false });
  const endpoint = vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  const store = new DataStoreBucket(stack, 'Store', { bucketName: 'sbx-test-data', encryptionKey: dataKey, vpcEndpoint: endpoint, serverAccessLogs: { bucket: logs.bucket, prefix: 'datasets/' } });
  return { stack, dataKey, logs, endpoint, store };
}

describe('TenantKey', () => {
  it('rotates, is retained by default, and lets the account administer but never use it', () => {
    const stack = constructStack();
    key(stack);
    const template = Template.fromStack(stack);
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true, PendingWindowInDays: 30 } });
    const [policy] = Object.values(template.findResources('AWS::KMS::Key')).map((k) => (k as { Properties: { KeyPolicy: { Statement: { Action: string[] }[] } } }).Properties.KeyPolicy);
    expect(policy!.Statement).toHaveLength(1);
    expect(policy!.Statement[0]!.Action.filter((a) => /Decrypt|Encrypt|GenerateDataKey|CreateGrant|ReEncrypt/.test(a))).toEqual([]);
  });

  it('names each grantee in one shared statement per set of actions, held to the named services', () => {
    const stack = constructStack();
    const k = key(stack);
    const [a, b] = [person(stack, 'u-1'), person(stack, 'u-2')];
    k.grantDecrypt(a, { viaServices: ['s3'] });
    k.grantDecrypt(b, { viaServices: ['s3'] });
    k.grantDecrypt(a, { viaServices: ['s3'] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'PersonRolesUseKey1',
            Effect: 'Allow',
            Action: [...KMS_DECRYPT],
            Resource: '*',
            Principal: { AWS: [{ 'Fn::GetAtt': [logicalId(stack, a.role), 'Arn'] }, { 'Fn::GetAtt': [logicalId(stack, b.role), 'Arn'] }] },
            Condition: { StringEquals: { 'kms:ViaService': ['s3.eu-west-1.amazonaws.com'] } },
          },
        ]),
      },
    });
    expect(roleActions(template, logicalId(stack, a.role))).toEqual([...KMS_DECRYPT].sort());
  });
});

describe('DataStoreBucket', () => {
  it('is KMS-encrypted with its key, private, versioned, TLS-only, endpoint-only, access-logged, deleted with the tenant', () => {
    const { stack, dataKey, logs, endpoint } = dataStoreFixture();
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      Properties: {
        BucketName: 'sbx-test-data',
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(stack, dataKey.key), 'Arn'] } } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack, logs.bucket) }, LogFilePrefix: 'datasets/' },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Sid: 'DenyOutsideTenantVpcEndpoint', Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': { Ref: logicalId(stack, endpoint as never) } } } }),
        ]),
      },
    });
  });

  it('grants exactly the blueprint’s read and read-write actions, with the key use they need', () => {
    const { stack, store } = dataStoreFixture();
    const [reader, writer] = [person(stack, 'u-1'), person(stack, 'u-2')];
    store.grantRead(reader);
    store.grantReadWrite(writer);
    const template = Template.fromStack(stack);
    expect(roleActions(template, logicalId(stack, reader.role))).toEqual(sorted(S3_BUCKET_READ, S3_OBJECT_READ, KMS_DECRYPT));
    expect(roleActions(template, logicalId(stack, writer.role))).toEqual(sorted(S3_BUCKET_READ, S3_OBJECT_READ, S3_OBJECT_WRITE, KMS_DECRYPT, KMS_ENCRYPT));
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });
});

describe('EvidenceStoreBucket and ServerAccessLogBucket', () => {
  it('locks evidence in COMPLIANCE mode for the class floor and retains it', () => {
    const stack = constructStack();
    new EvidenceStoreBucket(stack, 'Store', { bucketName: 'sbx-test-access', retentionDays: 365, encryptionKey: key(stack) });
    Template.fromStack(stack).hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { ObjectLockEnabled: true, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } }, VersioningConfiguration: { Status: 'Enabled' } },
    });
  });

  it('lets only the named trail deliver, and readers only read', () => {
    const stack = constructStack();
    const store = new EvidenceStoreBucket(stack, 'Store', { bucketName: 'sbx-test-access', retentionDays: 365, encryptionKey: key(stack) });
    const trail = new AuditTrail(stack, 'Trail', { trailName: 'sandbox-test', destination: store });
    const reader = person(stack);
    store.grantRead(reader);
    trail.grantRead(reader);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'CloudTrailDelivers', Principal: { Service: 'cloudtrail.amazonaws.com' }, Condition: { StringEquals: Match.objectLike({ 'aws:SourceArn': Match.anyValue() }) } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::CloudTrail::Trail', { TrailName: 'sandbox-test', EnableLogFileValidation: true, IsMultiRegionTrail: true, KMSKeyId: Match.anyValue() });
    expect(roleActions(template, logicalId(stack, reader.role))).toEqual(sorted(S3_BUCKET_READ, S3_OBJECT_READ, KMS_DECRYPT, TRAIL_READ, TRAIL_LOOKUP));
  });

  it('lets an appender put objects under its prefix only, encrypting through S3, and read nothing', () => {
    const stack = constructStack();
    const k = key(stack);
    const store = new EvidenceStoreBucket(stack, 'Store', { bucketName: 'sbx-test-ailogs', retentionDays: 183, encryptionKey: k });
    const engineer = person(stack, 'u-4');
    store.grantAppend(engineer, 'ledger/');
    const template = Template.fromStack(stack);
    expect(roleActions(template, logicalId(stack, engineer.role))).toEqual(sorted(['s3:PutObject'], KMS_DECRYPT, KMS_ENCRYPT));
    const grants = Object.values(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: logicalId(stack, engineer.role) }] } }));
    const [policy] = grants.map((p) => (p as { Properties: { PolicyDocument: { Statement: Record<string, any>[] } } }).Properties.PolicyDocument);
    const put = policy!.Statement.find((st) => st.Action === 's3:PutObject')!;
    expect(put.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, store.bucket), 'Arn'] }, '/ledger/*']] });
    const [keyPolicy] = Object.values(template.findResources('AWS::KMS::Key')).map((r) => (r as { Properties: { KeyPolicy: { Statement: Record<string, any>[] } } }).Properties.KeyPolicy);
    const use = keyPolicy!.Statement.filter((st) => JSON.stringify(st.Principal).includes(logicalId(stack, engineer.role)));
    expect(use).toEqual([expect.objectContaining({ Action: sorted(KMS_DECRYPT, KMS_ENCRYPT), Condition: { StringEquals: { 'kms:ViaService': ['s3.eu-west-1.amazonaws.com'] } } })]);
  });

  it('records data events of other evidence stores than its own destination', () => {
    const stack = constructStack();
    const k = key(stack);
    const destination = new EvidenceStoreBucket(stack, 'Access', { bucketName: 'sbx-test-access', retentionDays: 365, encryptionKey: k });
    const ailogs = new EvidenceStoreBucket(stack, 'AiLogs', { bucketName: 'sbx-test-ailogs', retentionDays: 183, encryptionKey: k });
    new AuditTrail(stack, 'Trail', { trailName: 'sandbox-test', destination, dataEventBuckets: [ailogs.bucket] });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, ailogs.bucket), 'Arn'] }, '/']] }] }] }],
    });
  });

  it('keeps server access logs under SSE-S3, retained, expiring after the access-log period', () => {
    const stack = constructStack();
    new ServerAccessLogBucket(stack, 'Logs', { bucketName: 'sbx-test-s3logs', expireAfterDays: 400 });
    Template.fromStack(stack).hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 400, NoncurrentVersionExpiration: { NoncurrentDays: 400 }, Status: 'Enabled' })] },
      },
    });
  });
});

describe('EvidenceLogGroup', () => {
  it('encrypts with the evidence key, which admits CloudWatch Logs for this group only', () => {
    const stack = constructStack();
    const k = key(stack);
    const group = new EvidenceLogGroup(stack, 'Group', { logGroupName: '/sandbox/t/workloads', retentionDays: 365, encryptionKey: k });
    const reader = person(stack);
    group.grantRead(reader);
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [logicalId(stack, k.key), 'Arn'] } } });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'CloudWatchLogsEncryptsLogGroups', Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } } })]) },
    });
    expect(JSON.stringify(template.toJSON())).toContain(':log-group:/sandbox/t/workloads"');
    expect(roleActions(template, logicalId(stack, reader.role))).toEqual(sorted(LOGS_READ, KMS_DECRYPT));
  });

  it('admits a prefix pattern once, and the groups it covers add nothing to the key policy', () => {
    const stack = constructStack();
    const k = key(stack);
    new EvidenceLogGroup(stack, 'Workloads', { logGroupName: '/sandbox/t/workloads', retentionDays: 365, encryptionKey: k });
    k.grantEncryptionToLogGroup('/sandbox/t/*');
    new EvidenceLogGroup(stack, 'Other', { logGroupName: '/elsewhere/x', retentionDays: 365, encryptionKey: k });
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key')).map((r) => (r as { Properties: { KeyPolicy: { Statement: Record<string, any>[] } } }).Properties.KeyPolicy);
    const logs = policy!.Statement.find((s) => s.Sid === 'CloudWatchLogsEncryptsLogGroups')!;
    const names = (logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'] as { 'Fn::Join': [string, unknown[]] }[]).map((j) => String(j['Fn::Join'][1].at(-1)));
    expect(names).toEqual([':log-group:/sandbox/t/*', ':log-group:/elsewhere/x']);
  });
});

describe('IsolatedNetwork and PersonRole', () => {
  function network(isolated: boolean) {
    const stack = constructStack();
    const flowLogGroup = new EvidenceLogGroup(stack, 'Flow', { logGroupName: '/sandbox/t/flow-logs', retentionDays: 365, encryptionKey: key(stack) });
    new IsolatedNetwork(stack, 'Net', { cidr: '10.64.0.0/16', flowLogGroup, s3BucketArns: ['arn:aws:s3:::sbx-1-t-data'], isolated });
    return Template.fromStack(stack);
  }

  it('has no way out: isolated subnets, no gateways, endpoints only, flow logs through a managed policy', () => {
    const template = network(false);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 4);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL' });
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Condition: Match.objectLike({ StringEquals: Match.anyValue() }) })] } });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.64.0.0/16', FromPort: 443 })] });
    expect(JSON.stringify(template.toJSON())).not.toContain('0.0.0.0/0');
  });

  it('admits nothing and only reads through the S3 endpoint when isolated (suspension)', () => {
    const template = network(true);
    const groups = Object.values(template.findResources('AWS::EC2::SecurityGroup')) as { Properties: Record<string, unknown> }[];
    expect(groups.map((g) => g.Properties.SecurityGroupIngress)).toEqual([undefined]);
    const gateway = Object.values(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } })) as { Properties: { PolicyDocument: { Statement: { Sid: string; Action: string[] }[] } } }[];
    expect(gateway[0]!.Properties.PolicyDocument.Statement.map((st) => [st.Sid, [...st.Action].sort()])).toEqual([['TenantStoresReadOnlyWhileSuspended', sorted(S3_BUCKET_READ, S3_OBJECT_READ)]]);
  });

  it('is assumable from the account only with MFA and the person’s source identity (not a session name the caller picks), and bounded', () => {
    const stack = constructStack();
    person(stack, 'u-7');
    const roles = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role', { Properties: { RoleName: 'sbx-t-u-7' } })) as { Properties: Record<string, any> }[];
    expect(roles).toHaveLength(1);
    expect(roles[0]!.Properties.MaxSessionDuration).toBe(3600);
    expect(roles[0]!.Properties.PermissionsBoundary).toEqual({ Ref: expect.stringMatching(/^Boundaryu7/) });
    // One statement: the conditions hold for setting the source identity as for assuming the role.
    expect(roles[0]!.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'sts:SourceIdentity': 'u-7' } },
      },
    ]);
    expect(JSON.stringify(roles[0]!.Properties.AssumeRolePolicyDocument)).not.toContain('sts:RoleSessionName');
  });
});
