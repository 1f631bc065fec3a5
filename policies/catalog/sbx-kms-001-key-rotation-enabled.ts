import { booleanOf, literalString } from '../model/value.ts';
import { compliant, eachResource, nonCompliant, notApplicable, unknown, type RuleDefinition } from '../rule.ts';

const SYMMETRIC = (spec: string | undefined) => spec === undefined || spec === 'SYMMETRIC_DEFAULT';

const cloudformation = eachResource(['AWS::KMS::Key'], (key) => {
  // AWS rotates symmetric encryption keys only; asymmetric and HMAC keys cannot rotate.
  if (!SYMMETRIC(literalString(key.properties.KeySpec))) return notApplicable(key, 'KeySpec');
  const value = booleanOf(key.properties.EnableKeyRotation);
  if (value === true) return compliant(key, 'EnableKeyRotation');
  if (typeof value === 'object') return unknown(key, 'EnableKeyRotation', 'Key rotation', value);
  return nonCompliant(key, 'EnableKeyRotation', `key ${key.id} does not rotate its key material`);
});

const terraform = eachResource(['aws_kms_key'], (key) => {
  if (!SYMMETRIC(literalString(key.properties.customer_master_key_spec ?? key.properties.key_spec))) return notApplicable(key, 'customer_master_key_spec');
  const value = booleanOf(key.properties.enable_key_rotation);
  if (value === true) return compliant(key, 'enable_key_rotation');
  if (typeof value === 'object') return unknown(key, 'enable_key_rotation', 'Key rotation', value);
  return nonCompliant(key, 'enable_key_rotation', `key ${key.id} does not rotate its key material`);
});

export const rule: RuleDefinition = {
  id: 'SBX-KMS-001',
  title: 'Tenant KMS keys rotate their key material',
  rationale: 'Yearly rotation limits how much data any one key version protects, a basic key-management control of GDPR Art. 32 and NEN 7510; it costs nothing and keeps old data readable.',
  remediation: 'Set EnableKeyRotation (Terraform: enable_key_rotation) to true on every symmetric KMS key.',
  severity: 'error',
  supports: ['gdpr-32', 'nen-7510-8-24'],
  crossReferences: { cdkNag: ['KMSBackingKeyRotationEnabled'], controlTower: ['CT.KMS.PR.1'], checkov: ['CKV_AWS_7'] },
  implementations: { cloudformation, terraform },
};
