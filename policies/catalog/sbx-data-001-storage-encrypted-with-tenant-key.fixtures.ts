import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const SSE = 'Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault';
const TF_SSE = 'rule[0].apply_server_side_encryption_by_default';

export const fixtures = ruleFixtures('SBX-DATA-001', [
  cloudFormation('pass', 'buckets, log group and trail use the tenant keys; access logs SSE-S3'),
  cloudFormation('fail', 'the data bucket’s key replaced by a key ARN from another account', (t) => {
    t.Resources.DataBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID = 'arn:aws:kms:eu-central-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  }, { resource: 'DataBucket', path: `${SSE}.KMSMasterKeyID` }),
  cloudFormation('fail', 'the data bucket on SSE-S3', (t) => {
    t.Resources.DataBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault = { SSEAlgorithm: 'AES256' };
  }, { resource: 'DataBucket', path: `${SSE}.SSEAlgorithm` }),
  cloudFormation('fail', 'the data bucket on SSE-S3, tagged as the server-access-log store', (t) => {
    t.Resources.DataBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault = { SSEAlgorithm: 'AES256' };
    t.Resources.DataBucket.Properties.Tags.find((x: { Key: string }) => x.Key === 'sandbox:store-kind').Value = 'server-access-logs';
  }, { resource: 'DataBucket', path: `${SSE}.SSEAlgorithm` }),
  cloudFormation('fail', 'the server-access-log store on SSE-S3 once no bucket logs to it any more', (t) => {
    delete t.Resources.DataBucket.Properties.LoggingConfiguration;
  }, { resource: 'AccessLogBucket', path: `${SSE}.SSEAlgorithm` }),
  cloudFormation('fail', 'a log group without a key', (t) => {
    delete t.Resources.WorkloadLogs.Properties.KmsKeyId;
  }, { resource: 'WorkloadLogs', path: 'Properties.KmsKeyId' }),
  cloudFormation('unknown', 'a key imported from another stack', (t) => {
    t.Resources.DataBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID = { 'Fn::ImportValue': 'SharedKeyArn' };
  }, { resource: 'DataBucket', path: `${SSE}.KMSMasterKeyID` }),
  terraform('pass', 'the same tenant in Terraform'),
  terraform('fail', 'the data bucket encrypted with another tenant’s key', (c) => {
    c.resource.aws_kms_key.other_key = { enable_key_rotation: true, tags: { 'sandbox:tenant': 'other-tenant' } };
    c.resource.aws_s3_bucket_server_side_encryption_configuration.datasets_encryption.rule[0].apply_server_side_encryption_by_default.kms_master_key_id = '${aws_kms_key.other_key.arn}';
  }, { resource: 'aws_s3_bucket_server_side_encryption_configuration.datasets_encryption', path: `${TF_SSE}.kms_master_key_id` }),
  terraform('fail', 'the data bucket on SSE-S3, tagged as the server-access-log store', (c) => {
    c.resource.aws_s3_bucket.datasets.tags['sandbox:store-kind'] = 'server-access-logs';
    c.resource.aws_s3_bucket_server_side_encryption_configuration.datasets_encryption.rule = [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }];
  }, { resource: 'aws_s3_bucket_server_side_encryption_configuration.datasets_encryption', path: `${TF_SSE}.sse_algorithm` }),
  terraform('fail', 'no encryption configuration for the data bucket', (c) => {
    delete c.resource.aws_s3_bucket_server_side_encryption_configuration.datasets_encryption;
  }, { resource: 'aws_s3_bucket.datasets', path: 'server_side_encryption_configuration' }),
]);
