import { buckets } from '../aws/buckets.ts';
import { isUnresolved } from '../model/value.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const bucket of buckets(context.artifact)) {
    const v = bucket.versioning;
    if (!v) {
      const path = bucket.resource.format === 'terraform' ? 'versioning' : 'VersioningConfiguration';
      yield nonCompliant(bucket.resource, path, `bucket ${bucket.resource.id} is not versioned: an overwrite or delete destroys the only copy`);
    } else if (v.value === 'Enabled' || v.value === true || v.value === 'true') yield compliant(v.resource, v.path);
    else if (isUnresolved(v.value)) yield unknown(v.resource, v.path, 'Whether versioning is enabled', v.value);
    else yield nonCompliant(v.resource, v.path, `versioning is ${JSON.stringify(v.value)}, not Enabled`);
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-DATA-006',
  title: 'Every bucket is versioned',
  rationale: 'Versioning keeps every overwritten or deleted object recoverable, so a faulty model run or a mistaken delete does not destroy data or evidence; Object Lock on the log stores requires it.',
  remediation: 'Enable versioning (VersioningConfiguration.Status Enabled; Terraform aws_s3_bucket_versioning with status Enabled).',
  severity: 'error',
  supports: ['gdpr-32', 'ai-act-59-1-h', 'nen-7510-8-15'],
  crossReferences: { cdkNag: ['S3BucketVersioningEnabled'], controlTower: ['CT.S3.PR.11'], checkov: ['CKV_AWS_21'] },
  implementations: { cloudformation: check, terraform: check },
};
