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
  cloudFormation('pass', 'the trail delivering to the tenant’s access-log store by name, in the deploying account', (t) => {
    t.Resources.Trail.Properties.S3BucketName = { 'Fn::Sub': 'sbx-${AWS::AccountId}-demo-tenant-access' };
  }),
  cloudFormation('fail', 'the trail delivering to a bucket of the tenant’s name in another, literal account', (t) => {
    t.Resources.Trail.Properties.S3BucketName = 'sbx-999999999999-demo-tenant-access';
  }, { resource: 'Trail', path: 'Properties.S3BucketName' }),
  cloudFormation('fail', 'the trail delivering to a tenant whose id merely starts with this one’s (demo-tenant-x)', (t) => {
    t.Resources.Trail.Properties.S3BucketName = { 'Fn::Sub': 'sbx-${AWS::AccountId}-demo-tenant-x-access' };
  }, { resource: 'Trail', path: 'Properties.S3BucketName' }),
  cloudFormation('fail', 'the trail delivering to a bucket of the tenant’s name with a suffix the blueprint does not write', (t) => {
    t.Resources.Trail.Properties.S3BucketName = { 'Fn::Sub': 'sbx-${AWS::AccountId}-demo-tenant-exfil' };
  }, { resource: 'Trail', path: 'Properties.S3BucketName' }),
  terraform('pass', 'server access logs to the tenant’s s3logs bucket'),
  terraform('pass', 'server access logs to the tenant’s s3logs bucket by name, in the caller’s account', (c) => {
    c.resource.aws_s3_bucket_logging.datasets_access_logging.target_bucket = 'sbx-${data.aws_caller_identity.current.account_id}-demo-tenant-s3logs';
  }),
  terraform('fail', 'server access logs to a bucket of the tenant’s name in another, literal account', (c) => {
    c.resource.aws_s3_bucket_logging.datasets_access_logging.target_bucket = 'sbx-999999999999-demo-tenant-s3logs';
  }, { resource: 'aws_s3_bucket_logging.datasets_access_logging', path: 'target_bucket' }),
  terraform('unknown', 'server access logs to the tenant’s name in an account set by a variable', (c) => {
    c.resource.aws_s3_bucket_logging.datasets_access_logging.target_bucket = 'sbx-${var.log_account}-demo-tenant-s3logs';
  }, { resource: 'aws_s3_bucket_logging.datasets_access_logging', path: 'target_bucket' }),
  terraform('fail', 'server access logs to a shared bucket', (c) => {
    c.resource.aws_s3_bucket_logging.datasets_access_logging.target_bucket = 'shared-access-logs';
  }, { resource: 'aws_s3_bucket_logging.datasets_access_logging', path: 'target_bucket' }),
  terraform('fail', 'replication to another tenant’s bucket', (c) => {
    c.resource.aws_s3_bucket.other = { bucket: 'sbx-123456789012-other-tenant-data', tags: { 'sandbox:tenant': 'other-tenant' } };
    c.resource.aws_s3_bucket_replication_configuration = {
      replica: { bucket: '${aws_s3_bucket.datasets.id}', role: 'arn:aws:iam::123456789012:role/r', rule: [{ status: 'Enabled', destination: { bucket: '${aws_s3_bucket.other.arn}' } }] },
    };
  }, { resource: 'aws_s3_bucket_replication_configuration.replica', path: 'rule[0].destination.bucket' }),
  cloudFormation('unknown', 'the replication configuration chosen by Fn::If', (t) => {
    t.Resources.DataBucket.Properties.ReplicationConfiguration = { 'Fn::If': ['Share', { Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::partner' } }] }, { Ref: 'AWS::NoValue' }] };
  }, { resource: 'DataBucket', path: 'Properties.ReplicationConfiguration' }),
  cloudFormation('unknown', 'a replication rule from a parameter', (t) => {
    t.Parameters = { Rule: { Type: 'String' } };
    t.Resources.DataBucket.Properties.ReplicationConfiguration = { Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ Ref: 'Rule' }] };
  }, { resource: 'DataBucket', path: 'Properties.ReplicationConfiguration.Rules[0]' }),
  terraform('unknown', 'replication rules written as a dynamic block over a variable', (c) => {
    c.resource.aws_s3_bucket_replication_configuration = {
      replica: { bucket: '${aws_s3_bucket.datasets.id}', role: 'arn:aws:iam::123456789012:role/r', dynamic: { rule: { for_each: '${var.targets}', content: { status: 'Enabled', destination: { bucket: '${rule.value}' } } } } },
    };
  }, { resource: 'aws_s3_bucket_replication_configuration.replica', path: 'dynamic.rule.content.destination.bucket' }),
  terraform('fail', 'backup copies to a vault in another account', (c) => {
    c.resource.aws_backup_plan = { plan: { name: 'p', rule: [{ rule_name: 'daily', target_vault_name: 'v', copy_action: [{ destination_vault_arn: 'arn:aws:backup:eu-central-1:999999999999:backup-vault:central' }] }] } };
  }, { resource: 'aws_backup_plan.plan', path: 'rule[0].copy_action[0].destination_vault_arn' }),
]);
