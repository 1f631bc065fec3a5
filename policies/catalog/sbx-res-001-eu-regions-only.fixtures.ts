import { cloudFormation, cloudFormationYaml, jobPodSpec, kubernetes, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-RES-001', [
  cloudFormation('pass', 'endpoints and zones in eu-central-1'),
  cloudFormation('fail', 'an S3 endpoint service in us-east-1', (t) => {
    t.Resources.S3Endpoint.Properties.ServiceName = 'com.amazonaws.us-east-1.s3';
  }, { resource: 'S3Endpoint', path: 'Properties.ServiceName' }),
  cloudFormation('fail', 'a legacy S3 endpoint in us-west-2 (s3-us-west-2.amazonaws.com)', (t) => {
    t.Resources.S3Endpoint.Properties.PolicyDocument = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:Referer': 'https://s3-us-west-2.amazonaws.com/mirror' } } }] };
  }, { resource: 'S3Endpoint', path: 'Properties.PolicyDocument.Statement[0].Condition' }),
  cloudFormation('fail', 'a website endpoint in us-east-1 (s3-website-us-east-1)', (t) => {
    t.Resources.DataBucket.Properties.WebsiteConfiguration = { RedirectAllRequestsTo: { HostName: 'mirror.s3-website-us-east-1.amazonaws.com' } };
  }, { resource: 'DataBucket', path: 'Properties.WebsiteConfiguration.RedirectAllRequestsTo.HostName' }),
  cloudFormation('fail', 'a dual-stack endpoint in ap-south-1 (s3.dualstack.ap-south-1)', (t) => {
    t.Resources.DataBucket.Properties.WebsiteConfiguration = { RedirectAllRequestsTo: { HostName: 's3.dualstack.ap-south-1.amazonaws.com' } };
  }, { resource: 'DataBucket', path: 'Properties.WebsiteConfiguration.RedirectAllRequestsTo.HostName' }),
  cloudFormation('pass', 'a legacy endpoint in an EU region (s3-eu-west-1) and a name merely containing us-east-1 letters', (t) => {
    t.Resources.DataBucket.Properties.WebsiteConfiguration = { RedirectAllRequestsTo: { HostName: 'mirror.s3-eu-west-1.amazonaws.com' } };
    t.Resources.WorkloadLogs.Properties.LogGroupName = '/sandbox/demo-tenant/bus-us-east-1x';
  }),
  cloudFormationYaml(
    'fail',
    'YAML template with a !Sub key ARN in us-east-1',
    [
      'Resources:',
      '  Bucket:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketEncryption:',
      '        ServerSideEncryptionConfiguration:',
      '          - ServerSideEncryptionByDefault:',
      '              SSEAlgorithm: aws:kms',
      '              KMSMasterKeyID: !Sub "arn:${AWS::Partition}:kms:us-east-1:${AWS::AccountId}:key/abc"',
    ].join('\n'),
    { resource: 'Bucket', path: 'Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID' },
  ),
  terraform('pass', 'provider in eu-central-1'),
  terraform('fail', 'provider in London (Europe, not the EU)', (c) => {
    c.provider.aws[0].region = 'eu-west-2';
  }, { resource: 'provider.aws', path: 'region' }),
  terraform('unknown', 'provider region from a variable', (c) => {
    c.provider.aws[0].region = '${var.region}';
  }, { resource: 'provider.aws', path: 'region' }),
  kubernetes('pass', 'no regions named'),
  kubernetes('fail', 'a Job pinned to nodes in us-east-1', (o) => {
    jobPodSpec(o).nodeSelector = { 'topology.kubernetes.io/region': 'us-east-1' };
  }, { resource: 'Job/sbx-demo-tenant/load-data', path: 'spec.template.spec.nodeSelector' }),
]);
