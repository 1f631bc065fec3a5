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
  cloudFormation('pass', 'an EBS volume, a database, a topic, a queue and a table on the tenant’s data key', (t) => {
    const key = { 'Fn::GetAtt': ['DataKey', 'Arn'] };
    Object.assign(t.Resources, {
      Volume: { Type: 'AWS::EC2::Volume', Properties: { AvailabilityZone: 'eu-central-1a', Size: 10, Encrypted: true, KmsKeyId: key } },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro', StorageEncrypted: true, KmsKeyId: key } },
      Replica: { Type: 'AWS::RDS::DBInstance', Properties: { SourceDBInstanceIdentifier: { Ref: 'Db' }, DBInstanceClass: 'db.t3.micro' } },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'DataKeyAlias' } } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: key } },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [], SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: key } } },
    });
  }),
  cloudFormation('fail', 'an unencrypted EBS volume', (t) => {
    t.Resources.Volume = { Type: 'AWS::EC2::Volume', Properties: { AvailabilityZone: 'eu-central-1a', Size: 10, Encrypted: false } };
  }, { resource: 'Volume', path: 'Properties.Encrypted' }),
  cloudFormation('fail', 'a database without storage encryption', (t) => {
    t.Resources.Db = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro' } };
  }, { resource: 'Db', path: 'Properties.StorageEncrypted' }),
  cloudFormation('fail', 'a topic on the AWS-managed key', (t) => {
    t.Resources.Topic = { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' } };
  }, { resource: 'Topic', path: 'Properties.KmsMasterKeyId' }),
  cloudFormation('fail', 'a queue on SSE-SQS', (t) => {
    t.Resources.Queue = { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } };
  }, { resource: 'Queue', path: 'Properties.SqsManagedSseEnabled' }),
  cloudFormation('fail', 'a table on DynamoDB’s own key', (t) => {
    t.Resources.Table = { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [] } };
  }, { resource: 'Table', path: 'Properties.SSESpecification.SSEEnabled' }),
  cloudFormation('unknown', 'volume encryption switched by a parameter', (t) => {
    t.Parameters = { Encrypt: { Type: 'String' } };
    t.Resources.Volume = { Type: 'AWS::EC2::Volume', Properties: { AvailabilityZone: 'eu-central-1a', Size: 10, Encrypted: { Ref: 'Encrypt' }, KmsKeyId: { Ref: 'DataKey' } } };
  }, { resource: 'Volume', path: 'Properties.Encrypted' }),
  terraform('pass', 'an EBS volume, a database, a topic, a queue and a table on the tenant’s data key', (c) => {
    const key = '${aws_kms_key.data_key.arn}';
    Object.assign(c.resource, {
      aws_ebs_volume: { scratch: { availability_zone: 'eu-central-1a', size: 10, encrypted: true, kms_key_id: key } },
      aws_db_instance: { db: { engine: 'postgres', instance_class: 'db.t3.micro', storage_encrypted: true, kms_key_id: key } },
      aws_rds_cluster: { cluster: { engine: 'aurora-postgresql', storage_encrypted: true, kms_key_id: key } },
      aws_sns_topic: { events: { kms_master_key_id: '${aws_kms_alias.data_key_alias.arn}' } },
      aws_sqs_queue: { jobs: { kms_master_key_id: key } },
      aws_dynamodb_table: { state: { hash_key: 'id', server_side_encryption: [{ enabled: true, kms_key_arn: key }] } },
    });
  }),
  terraform('fail', 'an unencrypted aws_ebs_volume', (c) => {
    c.resource.aws_ebs_volume = { scratch: { availability_zone: 'eu-central-1a', size: 10, encrypted: false } };
  }, { resource: 'aws_ebs_volume.scratch', path: 'encrypted' }),
  terraform('fail', 'an encrypted database on the AWS-managed key (no kms_key_id)', (c) => {
    c.resource.aws_db_instance = { db: { engine: 'postgres', instance_class: 'db.t3.micro', storage_encrypted: true } };
  }, { resource: 'aws_db_instance.db', path: 'kms_key_id' }),
  terraform('fail', 'a topic without a key', (c) => {
    c.resource.aws_sns_topic = { events: {} };
  }, { resource: 'aws_sns_topic.events', path: 'kms_master_key_id' }),
  terraform('fail', 'a queue on SSE-SQS', (c) => {
    c.resource.aws_sqs_queue = { jobs: { sqs_managed_sse_enabled: true } };
  }, { resource: 'aws_sqs_queue.jobs', path: 'sqs_managed_sse_enabled' }),
  terraform('fail', 'a table with server-side encryption off', (c) => {
    c.resource.aws_dynamodb_table = { state: { hash_key: 'id', server_side_encryption: { enabled: false } } };
  }, { resource: 'aws_dynamodb_table.state', path: 'server_side_encryption.enabled' }),
  cloudFormation('unknown', 'the bucket’s default encryption chosen by Fn::If', (t) => {
    t.Resources.DataBucket.Properties.BucketEncryption = { 'Fn::If': ['Managed', { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }, t.Resources.DataBucket.Properties.BucketEncryption] };
  }, { resource: 'DataBucket', path: 'Properties.BucketEncryption' }),
]);
