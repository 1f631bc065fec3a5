import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-DATA-002', [
  cloudFormation('pass', 'data key on the data store, evidence key on logs and trail'),
  cloudFormation('fail', 'the access-log store on the data key (shredded at exit)', (t) => {
    t.Resources.AccessLogStore.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID = { 'Fn::GetAtt': ['DataKey', 'Arn'] };
  }, { resource: 'AccessLogStore', path: 'Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID' }),
  cloudFormation('fail', 'the trail on the data key', (t) => {
    t.Resources.Trail.Properties.KMSKeyId = { Ref: 'DataKeyAlias' };
  }, { resource: 'Trail', path: 'Properties.KMSKeyId' }),
  terraform('pass', 'the same split in Terraform'),
  terraform('fail', 'the data store on the evidence key (survives exit)', (c) => {
    c.resource.aws_s3_bucket_server_side_encryption_configuration.datasets_encryption.rule[0].apply_server_side_encryption_by_default.kms_master_key_id = '${aws_kms_key.evidence_key.arn}';
  }, { resource: 'aws_s3_bucket_server_side_encryption_configuration.datasets_encryption', path: 'rule[0].apply_server_side_encryption_by_default.kms_master_key_id' }),
]);
