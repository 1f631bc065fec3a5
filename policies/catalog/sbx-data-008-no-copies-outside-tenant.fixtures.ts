import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-DATA-008', [
  cloudFormation('pass', 'access logs and the trail go to the tenant’s own buckets'),
  cloudFormation('fail', 'the data bucket replicated to a bucket elsewhere', (t) => {
    t.Resources.DataBucket.Properties.ReplicationConfiguration = {
      Role: 'arn:aws:iam::123456789012:role/replication',
      Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::analytics-partner-bucket' } }],
    };
  }, { resource: 'DataBucket', path: 'Properties.ReplicationConfiguration.Rules[0].Destination.Bucket' }),
  cloudFormation('fail', 'the trail delivering to a central bucket outside the tenant', (t) => {
    t.Resources.Trail.Properties.S3BucketName = 'org-central-audit';
  }, { resource: 'Trail', path: 'Properties.S3BucketName' }),
  terraform('pass', 'server access logs to the tenant’s s3logs bucket'),
  terraform('fail', 'server access logs to a shared bucket', (c) => {
    c.resource.aws_s3_bucket_logging.datasets_access_logging.target_bucket = 'shared-access-logs';
  }, { resource: 'aws_s3_bucket_logging.datasets_access_logging', path: 'target_bucket' }),
  terraform('fail', 'replication to another tenant’s bucket', (c) => {
    c.resource.aws_s3_bucket.other = { bucket: 'sbx-123456789012-other-tenant-data', tags: { 'sandbox:tenant': 'other-tenant' } };
    c.resource.aws_s3_bucket_replication_configuration = {
      replica: { bucket: '${aws_s3_bucket.datasets.id}', role: 'arn:aws:iam::123456789012:role/r', rule: [{ status: 'Enabled', destination: { bucket: '${aws_s3_bucket.other.arn}' } }] },
    };
  }, { resource: 'aws_s3_bucket_replication_configuration.replica', path: 'rule[0].destination.bucket' }),
]);
