import { cloudFormation, cloudFormationYaml, jobPodSpec, kubernetes, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-RES-001', [
  cloudFormation('pass', 'endpoints and zones in eu-central-1'),
  cloudFormation('fail', 'an S3 endpoint service in us-east-1', (t) => {
    t.Resources.S3Endpoint.Properties.ServiceName = 'com.amazonaws.us-east-1.s3';
  }, { resource: 'S3Endpoint', path: 'Properties.ServiceName' }),
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
