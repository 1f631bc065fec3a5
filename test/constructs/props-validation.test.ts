import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import {
  AuditTrail,
  DataStoreBucket,
  EvidenceLogGroup,
  EvidenceStoreBucket,
  IsolatedNetwork,
  PersonPermissionBoundary,
  PersonRole,
  ServerAccessLogBucket,
  TenantKey,
} from '../../constructs/index.ts';
import { constructStack, key, person } from './construct-stack.ts';

/** Invalid props throw at construction, naming the construct, the prop and the rule. */
describe('construct props validation', () => {
  const cases: [string, RegExp, () => void][] = [
    ['TenantKey alias', /TenantKey: props\.alias must match alias\//, () => new TenantKey(constructStack(), 'K', { alias: 'sandbox/x', description: 'd' })],
    ['TenantKey reserved alias', /props\.alias/, () => new TenantKey(constructStack(), 'K', { alias: 'alias/aws/s3', description: 'd' })],
    ['TenantKey pending window', /TenantKey: props\.pendingWindowDays must be a whole number from 7 to 30 \(got 3\)/, () => new TenantKey(constructStack(), 'K', { alias: 'alias/x', description: 'd', pendingWindowDays: 3 })],
    ['TenantKey description', /props\.description/, () => new TenantKey(constructStack(), 'K', { alias: 'alias/x', description: ' ' })],
    ['EvidenceStoreBucket retention', /EvidenceStoreBucket: props\.retentionDays must be a whole number/, () => { const s = constructStack(); new EvidenceStoreBucket(s, 'E', { bucketName: 'b', retentionDays: 0, encryptionKey: key(s) }); }],
    ['EvidenceStoreBucket fractional retention', /props\.retentionDays/, () => { const s = constructStack(); new EvidenceStoreBucket(s, 'E', { bucketName: 'b', retentionDays: 182.5, encryptionKey: key(s) }); }],
    ['ServerAccessLogBucket expiry below a year', /ServerAccessLogBucket: props\.expireAfterDays must be a whole number from 365/, () => new ServerAccessLogBucket(constructStack(), 'S', { bucketName: 'b', expireAfterDays: 90 })],
    ['EvidenceLogGroup retention not a CloudWatch value', /EvidenceLogGroup: props\.retentionDays must be a CloudWatch Logs retention period of at least 183 days \(got 200\)/, () => { const s = constructStack(); new EvidenceLogGroup(s, 'L', { logGroupName: '/x', retentionDays: 200, encryptionKey: key(s) }); }],
    ['EvidenceLogGroup retention below six months', /props\.retentionDays/, () => { const s = constructStack(); new EvidenceLogGroup(s, 'L', { logGroupName: '/x', retentionDays: 180, encryptionKey: key(s) }); }],
    ['EvidenceLogGroup name', /props\.logGroupName/, () => { const s = constructStack(); new EvidenceLogGroup(s, 'L', { logGroupName: 'a b', retentionDays: 365, encryptionKey: key(s) }); }],
    ['IsolatedNetwork public range', /IsolatedNetwork: props\.cidr must be a private IPv4 range/, () => { const s = constructStack(); new IsolatedNetwork(s, 'N', { cidr: '8.8.0.0/16', flowLogGroup: new EvidenceLogGroup(s, 'L', { logGroupName: '/x', retentionDays: 365, encryptionKey: key(s) }), s3BucketArns: ['arn:aws:s3:::b'] }); }],
    ['IsolatedNetwork zones', /props\.maxAzs must be a whole number from 1 to 3 \(got 4\)/, () => { const s = constructStack(); new IsolatedNetwork(s, 'N', { cidr: '10.0.0.0/16', maxAzs: 4, flowLogGroup: new EvidenceLogGroup(s, 'L', { logGroupName: '/x', retentionDays: 365, encryptionKey: key(s) }), s3BucketArns: ['arn:aws:s3:::b'] }); }],
    ['IsolatedNetwork reachable buckets', /props\.s3BucketArns must list the buckets the tenant may reach, exactly/, () => { const s = constructStack(); new IsolatedNetwork(s, 'N', { cidr: '10.0.0.0/16', flowLogGroup: new EvidenceLogGroup(s, 'L', { logGroupName: '/x', retentionDays: 365, encryptionKey: key(s) }), s3BucketArns: [] }); }],
    ['IsolatedNetwork bucket pattern', /props\.s3BucketArns must list the buckets the tenant may reach, exactly, without wildcards/, () => { const s = constructStack(); new IsolatedNetwork(s, 'N', { cidr: '10.0.0.0/16', flowLogGroup: new EvidenceLogGroup(s, 'L', { logGroupName: '/x', retentionDays: 365, encryptionKey: key(s) }), s3BucketArns: ['arn:aws:s3:::sbx-1-t-*'] }); }],
    ['PersonRole source identity', /PersonRole: props\.sourceIdentity must be usable as an STS source identity/, () => { const s = constructStack(); new PersonRole(s, 'P', { roleName: 'r', sourceIdentity: 'a person', permissionsBoundary: new PersonPermissionBoundary(s, 'B', { managedPolicyName: 'b', bucketArns: ['arn:aws:s3:::sbx-1-t-data'], keyTag: { key: 'k', value: 'v' }, logGroupNamePrefix: '/s/', trailName: 't' }).policy }); }],
    ['PersonPermissionBoundary bucket pattern', /PersonPermissionBoundary: props\.bucketArns must list the tenant’s bucket ARNs exactly, without wildcards/, () => new PersonPermissionBoundary(constructStack(), 'B', { managedPolicyName: 'b', bucketArns: ['arn:aws:s3:::sbx-1-t-*'], keyTag: { key: 'k', value: 'v' }, logGroupNamePrefix: '/s/', trailName: 't' })],
    ['PersonPermissionBoundary log-group prefix without a closing "/"', /PersonPermissionBoundary: props\.logGroupNamePrefix must be a literal prefix starting and ending with "\/"/, () => new PersonPermissionBoundary(constructStack(), 'B', { managedPolicyName: 'b', bucketArns: ['arn:aws:s3:::sbx-1-t-data'], keyTag: { key: 'k', value: 'v' }, logGroupNamePrefix: '/sandbox/t', trailName: 't' })],
    ['AuditTrail name', /AuditTrail: props\.trailName must be 3 to 128/, () => { const s = constructStack(); new AuditTrail(s, 'T', { trailName: 'x', destination: new EvidenceStoreBucket(s, 'E', { bucketName: 'evidence-b', retentionDays: 365, encryptionKey: key(s) }) }); }],
    [
      'AuditTrail recording its own destination',
      /AuditTrail: props\.dataEventBuckets must not include the destination store: the trail would record its own deliveries/,
      () => {
        const s = constructStack();
        const k = key(s);
        const destination = new EvidenceStoreBucket(s, 'E', { bucketName: 'evidence-b', retentionDays: 365, encryptionKey: k });
        const other = new EvidenceStoreBucket(s, 'O', { bucketName: 'evidence-o', retentionDays: 365, encryptionKey: k });
        new AuditTrail(s, 'T', { trailName: 'sandbox-t', destination, dataEventBuckets: [other.bucket, destination.bucket] });
      },
    ],
    [
      'EvidenceStoreBucket append prefix with a wildcard',
      /EvidenceStoreBucket\.grantAppend: prefix must be a literal key prefix ending in "\/", without wildcards \(got "ledger\/\*"\)/,
      () => {
        const s = constructStack();
        new EvidenceStoreBucket(s, 'E', { bucketName: 'evidence-b', retentionDays: 365, encryptionKey: key(s) }).grantAppend(person(s), 'ledger/*');
      },
    ],
    [
      'DataStoreBucket access-log prefix',
      /DataStoreBucket: props\.serverAccessLogs\.prefix must be a key prefix ending in "\/"/,
      () => {
        const s = constructStack();
        const vpc = new ec2.Vpc(s, 'V', { natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }], restrictDefaultSecurityGroup: false });
        new DataStoreBucket(s, 'D', { bucketName: 'b', encryptionKey: key(s), vpcEndpoint: vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 }), serverAccessLogs: { bucket: new s3.Bucket(s, 'L'), prefix: 'datasets' }, removalPolicy: RemovalPolicy.DESTROY });
      },
    ],
  ];
  it.each(cases)('%s', (_name, message, build) => {
    expect(build).toThrow(message);
  });
});
