import { buckets, PUBLIC_ACCESS_SETTINGS } from '../aws/buckets.ts';
import { booleanOf, isUnresolved } from '../model/value.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const bucket of buckets(context.artifact)) {
    const block = bucket.publicAccessBlock;
    if (!block) {
      const path = bucket.resource.format === 'terraform' ? '' : 'PublicAccessBlockConfiguration';
      const hint = bucket.resource.format === 'terraform' ? ' (no aws_s3_bucket_public_access_block points at it)' : '';
      yield nonCompliant(bucket.resource, path, `bucket ${bucket.resource.id} has no Block Public Access configuration${hint}`);
      continue;
    }
    if (isUnresolved(block.at.value)) {
      yield unknown(block.at.resource, block.at.path, 'Block Public Access', block.at.value);
      continue;
    }
    let ok = true;
    for (const setting of PUBLIC_ACCESS_SETTINGS) {
      const located = block.settings[setting];
      const value = booleanOf(located?.value);
      if (value === true) continue;
      ok = false;
      if (typeof value === 'object') yield unknown(located!.resource, located!.path, `Block Public Access ${setting}`, value);
      else yield nonCompliant(located?.resource ?? block.at.resource, located?.path ?? block.at.path, `${setting} is ${located ? String(located.value) : 'not set'}; all four Block Public Access settings must be true`);
    }
    if (ok) yield compliant(block.at.resource, block.at.path);
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-DATA-004',
  title: 'Every bucket blocks all public access',
  rationale: 'Block Public Access overrides any later ACL or policy that would open a bucket to the internet; with all four settings on, a mistake elsewhere cannot publish a tenant’s data.',
  remediation: 'Set BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets to true (Terraform: aws_s3_bucket_public_access_block with all four true).',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ehds-73-1', 'gdpr-32', 'nen-7510-5-15'],
  crossReferences: {
    cdkNag: ['S3BucketLevelPublicAccessProhibited'],
    controlTower: ['CT.S3.PR.1'],
    checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
  },
  implementations: { cloudformation: check, terraform: check },
};
