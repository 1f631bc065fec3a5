import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-DATA-006', [
  cloudFormation('pass', 'all buckets versioned'),
  cloudFormation('fail', 'versioning suspended', (t) => {
    t.Resources.DataBucket.Properties.VersioningConfiguration.Status = 'Suspended';
  }, { resource: 'DataBucket', path: 'Properties.VersioningConfiguration.Status' }),
  cloudFormation('fail', 'versioning dropped', (t) => {
    delete t.Resources.AccessLogBucket.Properties.VersioningConfiguration;
  }, { resource: 'AccessLogBucket', path: 'Properties.VersioningConfiguration' }),
  terraform('pass', 'aws_s3_bucket_versioning for every bucket'),
  terraform('fail', 'the versioning resource of the data bucket removed', (c) => {
    delete c.resource.aws_s3_bucket_versioning.datasets_versioning;
  }, { resource: 'aws_s3_bucket.datasets', path: 'versioning' }),
  terraform('fail', 'status Suspended', (c) => {
    c.resource.aws_s3_bucket_versioning.datasets_versioning.versioning_configuration.status = 'Suspended';
  }, { resource: 'aws_s3_bucket_versioning.datasets_versioning', path: 'versioning_configuration.status' }),
  cloudFormation('unknown', 'versioning chosen by Fn::If', (t) => {
    t.Resources.DataBucket.Properties.VersioningConfiguration = { 'Fn::If': ['Keep', { Status: 'Enabled' }, { Status: 'Suspended' }] };
  }, { resource: 'DataBucket', path: 'Properties.VersioningConfiguration' }),
]);
