import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-KMS-001', [
  cloudFormation('pass', 'both keys rotate'),
  cloudFormation('pass', 'an asymmetric signing key cannot rotate and is not held to it', (t) => {
    t.Resources.SigningKey = { Type: 'AWS::KMS::Key', Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', KeyPolicy: {} } };
  }),
  cloudFormation('fail', 'rotation switched off on the data key', (t) => {
    t.Resources.DataKey.Properties.EnableKeyRotation = false;
  }, { resource: 'DataKey', path: 'Properties.EnableKeyRotation' }),
  terraform('pass', 'enable_key_rotation on both keys'),
  terraform('fail', 'enable_key_rotation left out', (c) => {
    delete c.resource.aws_kms_key.evidence_key.enable_key_rotation;
  }, { resource: 'aws_kms_key.evidence_key', path: 'enable_key_rotation' }),
]);
