import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-DATA-004', [
  cloudFormation('pass', 'all four settings on every bucket'),
  cloudFormation('fail', 'BlockPublicPolicy off on the data bucket', (t) => {
    t.Resources.DataBucket.Properties.PublicAccessBlockConfiguration.BlockPublicPolicy = false;
  }, { resource: 'DataBucket', path: 'Properties.PublicAccessBlockConfiguration.BlockPublicPolicy' }),
  cloudFormation('fail', 'no Block Public Access on a log store', (t) => {
    delete t.Resources.AccessLogStore.Properties.PublicAccessBlockConfiguration;
  }, { resource: 'AccessLogStore', path: 'Properties.PublicAccessBlockConfiguration' }),
  terraform('pass', 'a public access block per bucket'),
  terraform('fail', 'the data bucket’s public access block removed', (c) => {
    delete c.resource.aws_s3_bucket_public_access_block.datasets_public_access_block;
  }, { resource: 'aws_s3_bucket.datasets' }),
  terraform('fail', 'restrict_public_buckets false', (c) => {
    c.resource.aws_s3_bucket_public_access_block.datasets_public_access_block.restrict_public_buckets = false;
  }, { resource: 'aws_s3_bucket_public_access_block.datasets_public_access_block', path: 'restrict_public_buckets' }),
  cloudFormation('unknown', 'Block Public Access chosen by Fn::If', (t) => {
    t.Resources.DataBucket.Properties.PublicAccessBlockConfiguration = { 'Fn::If': ['Strict', t.Resources.DataBucket.Properties.PublicAccessBlockConfiguration, { Ref: 'AWS::NoValue' }] };
  }, { resource: 'DataBucket', path: 'Properties.PublicAccessBlockConfiguration' }),
]);
