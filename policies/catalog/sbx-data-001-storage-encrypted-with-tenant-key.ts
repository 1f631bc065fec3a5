import { buckets, type BucketView } from '../aws/buckets.ts';
import { keyTarget, type KeyTarget } from '../aws/keys.ts';
import { tenantOf, type Located } from '../aws/located.ts';
import { storeOf } from '../aws/stores.ts';
import type { Resource } from '../model/resource.ts';
import { isUnresolved, literalString, type Value } from '../model/value.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type FormatCheck, type RuleDefinition } from '../rule.ts';

/**
 * Cross-resource: every store at rest (bucket, log group, trail) is encrypted with a KMS key that
 * is defined in the tenant's own artifact and belongs to the same tenant, so the tenant's key
 * policy decides who can read it and deleting the key at exit makes the data unreadable.
 */
function judgeKey(holder: Resource, located: Located, target: KeyTarget, context: CheckContext, what: string): Evaluation {
  const owner = tenantOf(holder, context);
  switch (target.kind) {
    case 'absent':
      return nonCompliant(located.resource, located.path, `${what} names no KMS key, so AWS uses a key the tenant does not control`);
    case 'unknown':
      return unknown(located.resource, located.path, `Whether ${what} uses the tenant's key`, target.value);
    case 'foreign':
      return nonCompliant(located.resource, located.path, `${what} uses ${target.text}, which is not a KMS key defined for tenant ${owner ?? '(unknown)'} in this artifact`);
    case 'key': {
      const keyTenant = tenantOf(target.key.resource, context);
      if (keyTenant !== owner) {
        return nonCompliant(located.resource, located.path, `${what} uses key ${target.key.resource.id} of tenant ${keyTenant ?? '(none)'}, not of ${owner ?? '(unknown)'}`);
      }
      return compliant(located.resource, located.path, `key ${target.key.resource.id}`);
    }
  }
}

function judgeBucket(bucket: BucketView, context: CheckContext): Evaluation[] {
  const { resource } = bucket;
  if (bucket.encryption.length === 0) {
    const path = resource.format === 'terraform' ? 'server_side_encryption_configuration' : 'BucketEncryption';
    return [nonCompliant(resource, path, 'no default encryption: S3 falls back to SSE-S3 with an AWS-owned key, not the tenant’s key')];
  }
  return bucket.encryption.map((rule) => {
    const algorithm = rule.algorithm?.value;
    const literal = literalString(algorithm);
    if (algorithm === undefined || literal === undefined) {
      return algorithm !== undefined && isUnresolved(algorithm)
        ? unknown(rule.at.resource, rule.algorithm!.path, 'The encryption algorithm', algorithm)
        : nonCompliant(rule.at.resource, rule.at.path, 'default encryption names no algorithm');
    }
    if (literal === 'AES256') {
      // S3 cannot deliver server access logs to a bucket whose default encryption is SSE-KMS.
      const store = storeOf(bucket, context);
      if (store.kind === 'server-access-logs') return compliant(rule.at.resource, rule.algorithm!.path, 'SSE-S3 is the only encryption S3 server access log delivery supports');
      return nonCompliant(rule.at.resource, rule.algorithm!.path, `SSE-S3 (AES256) uses an AWS-owned key; use aws:kms with the tenant key (only the tenant’s server-access-log store may use SSE-S3, and ${resource.id} is a ${store.kind}: ${store.basis})`);
    }
    if (literal !== 'aws:kms' && literal !== 'aws:kms:dsse') return nonCompliant(rule.at.resource, rule.algorithm!.path, `unexpected algorithm ${literal}`);
    const at = rule.key ?? { value: null, resource: rule.at.resource, path: rule.at.path.replace(/SSEAlgorithm$|sse_algorithm$/, '') };
    return judgeKey(resource, at, keyTarget(context.artifact, rule.key?.value), context, `bucket ${resource.id}`);
  });
}

/** Log groups and trails: the key property, by format. */
const KEYED: Readonly<Record<string, string>> = {
  'AWS::Logs::LogGroup': 'KmsKeyId',
  'AWS::CloudTrail::Trail': 'KMSKeyId',
  aws_cloudwatch_log_group: 'kms_key_id',
  aws_cloudtrail: 'kms_key_id',
};

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const bucket of buckets(context.artifact)) yield* judgeBucket(bucket, context);
  for (const resource of context.artifact.resources) {
    const property = KEYED[resource.type];
    if (!property) continue;
    const value: Value | undefined = resource.properties[property];
    yield judgeKey(resource, { value: value ?? null, resource, path: property }, keyTarget(context.artifact, value), context, `${resource.type} ${resource.id}`);
  }
}

const implementation: FormatCheck = check;

export const rule: RuleDefinition = {
  id: 'SBX-DATA-001',
  title: 'Buckets, log groups and trails are encrypted with a KMS key of their own tenant',
  rationale:
    'Encryption at rest with the tenant’s own customer-managed key keeps access decided by the tenant’s key policy and makes crypto-shredding at exit possible: once the key is deleted, what remains cannot be read. An AWS-owned or AWS-managed key, or another tenant’s key, defeats both. (S3 server access log buckets may use SSE-S3: S3 cannot deliver those logs to SSE-KMS buckets.)',
  remediation: 'Set SSE-KMS with the tenant’s key (the data key for data stores, the evidence key for log stores, log groups and the trail), referenced from the same artifact.',
  severity: 'error',
  supports: ['ai-act-59-1-g', 'ai-act-59-1-d', 'gdpr-32', 'nen-7510-8-24'],
  crossReferences: {
    cdkNag: ['S3DefaultEncryptionKMS', 'CloudWatchLogGroupEncrypted', 'CloudTrailEncryptionEnabled'],
    controlTower: ['CT.S3.PR.10', 'CT.CLOUDWATCH.PR.3', 'CT.CLOUDTRAIL.PR.1'],
    checkov: ['CKV_AWS_145', 'CKV_AWS_158', 'CKV_AWS_35'],
  },
  implementations: { cloudformation: implementation, terraform: implementation },
};
