import { buckets, type BucketView } from '../aws/buckets.ts';
import { keyTarget, type KeyTarget } from '../aws/keys.ts';
import { tenantOf, type Located } from '../aws/located.ts';
import { storeOf } from '../aws/stores.ts';
import type { Resource } from '../model/resource.ts';
import { booleanOf, isUnresolved, literalString, valuesAt, type Value } from '../model/value.ts';
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
      return nonCompliant(located.resource, located.path, `${what} uses ${target.text}, which is not a KMS key defined ${owner === undefined ? '' : `for tenant ${owner} `}in this artifact`);
    case 'key': {
      const keyTenant = tenantOf(target.key.resource, context);
      if (keyTenant !== owner) {
        return nonCompliant(located.resource, located.path, `${what} uses key ${target.key.resource.id} of ${keyTenant === undefined ? 'no tenant' : `tenant ${keyTenant}`}, not of ${owner === undefined ? 'the store’s tenant (the store names none)' : owner}`);
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

/**
 * Other stores at rest: the switch that turns encryption on (where the service has one) and the
 * key property. A switch left out means the service's default, which for each of these is no
 * encryption or an AWS-owned or AWS-managed key; an account-wide default (EBS encryption by
 * default) is not in the artifact and not assumed.
 */
interface AtRest {
  /** Path of the switch below the body, when the service has one. */
  readonly enabled?: readonly string[];
  /** Path of the key property. */
  readonly key: readonly string[];
  /** Properties that make the store inherit its encryption from another (a cluster member, a replica). */
  readonly inherits?: readonly string[];
  /** A switch that, when true, means an AWS-owned key (SQS's SSE-SQS). */
  readonly awsOwned?: string;
  /** What the switch off means, where it is not "unencrypted" (DynamoDB always encrypts). */
  readonly off?: string;
}

const AT_REST: Readonly<Record<string, AtRest>> = {
  'AWS::EC2::Volume': { enabled: ['Encrypted'], key: ['KmsKeyId'] },
  'AWS::RDS::DBInstance': { enabled: ['StorageEncrypted'], key: ['KmsKeyId'], inherits: ['DBClusterIdentifier', 'SourceDBInstanceIdentifier'] },
  'AWS::RDS::DBCluster': { enabled: ['StorageEncrypted'], key: ['KmsKeyId'] },
  'AWS::SNS::Topic': { key: ['KmsMasterKeyId'] },
  'AWS::SQS::Queue': { key: ['KmsMasterKeyId'], awsOwned: 'SqsManagedSseEnabled' },
  'AWS::DynamoDB::Table': { enabled: ['SSESpecification', 'SSEEnabled'], key: ['SSESpecification', 'KMSMasterKeyId'], off: 'is encrypted with an AWS-owned key the tenant does not control' },
  aws_ebs_volume: { enabled: ['encrypted'], key: ['kms_key_id'] },
  aws_db_instance: { enabled: ['storage_encrypted'], key: ['kms_key_id'], inherits: ['replicate_source_db'] },
  aws_rds_cluster: { enabled: ['storage_encrypted'], key: ['kms_key_id'] },
  aws_sns_topic: { key: ['kms_master_key_id'] },
  aws_sqs_queue: { key: ['kms_master_key_id'], awsOwned: 'sqs_managed_sse_enabled' },
  aws_dynamodb_table: { enabled: ['server_side_encryption', 'enabled'], key: ['server_side_encryption', 'kms_key_arn'], off: 'is encrypted with an AWS-owned key the tenant does not control' },
};

/**
 * The value at a path of nested blocks, however Terraform or CloudFormation wrote them (an object,
 * a one-element list, a dynamic block), or the unresolved value standing in for a step on the way.
 */
function reach(body: Value | undefined, keys: readonly string[]): Value | undefined {
  return valuesAt(body, keys)[0]?.value;
}

function judgeAtRest(resource: Resource, spec: AtRest, context: CheckContext): Evaluation {
  const what = `${resource.type} ${resource.id}`;
  if (spec.inherits?.some((k) => resource.properties[k] !== undefined)) return compliant(resource, '', 'encrypted as the store it belongs to or replicates');
  if (spec.enabled) {
    const path = spec.enabled.join('.');
    const on = booleanOf(reach(resource.properties, spec.enabled));
    if (typeof on === 'object') return unknown(resource, path, `Whether ${what} is encrypted at rest`, on);
    if (on !== true) return nonCompliant(resource, path, `${what} ${spec.off ?? 'is not encrypted at rest'} (${path} ${on === false ? 'false' : 'not set'})`);
  }
  if (spec.awsOwned !== undefined && booleanOf(resource.properties[spec.awsOwned]) === true && reach(resource.properties, spec.key) === undefined) {
    return nonCompliant(resource, spec.awsOwned, `${what} uses SSE-SQS, an AWS-owned key the tenant does not control`);
  }
  const value = reach(resource.properties, spec.key);
  return judgeKey(resource, { value: value ?? null, resource, path: spec.key.join('.') }, keyTarget(context.artifact, value), context, what);
}

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const bucket of buckets(context.artifact)) yield* judgeBucket(bucket, context);
  for (const resource of context.artifact.resources) {
    const property = KEYED[resource.type];
    const store = AT_REST[resource.type];
    if (store) yield judgeAtRest(resource, store, context);
    if (!property) continue;
    const value: Value | undefined = resource.properties[property];
    yield judgeKey(resource, { value: value ?? null, resource, path: property }, keyTarget(context.artifact, value), context, `${resource.type} ${resource.id}`);
  }
}

const implementation: FormatCheck = check;

export const rule: RuleDefinition = {
  id: 'SBX-DATA-001',
  title: 'Buckets, log groups, trails, EBS volumes, databases, topics, queues and tables are encrypted with a KMS key of their own tenant',
  rationale:
    'Encryption at rest with the tenant’s own customer-managed key keeps access decided by the tenant’s key policy and makes crypto-shredding at exit possible: once the key is deleted, what remains cannot be read. An AWS-owned or AWS-managed key, or another tenant’s key, defeats both. (S3 server access log buckets may use SSE-S3: S3 cannot deliver those logs to SSE-KMS buckets.) Judged from what the artifact says: a switch or key left out counts as the service’s default (no encryption, or an AWS key), and an account-wide default such as EBS encryption by default is not assumed. Not covered yet: EBS volumes inside instance block device mappings and launch templates, DynamoDB global tables, EFS, ElastiCache, OpenSearch and other stores.',
  remediation: 'Set SSE-KMS with the tenant’s key (the data key for data stores, the evidence key for log stores, log groups and the trail), referenced from the same artifact.',
  severity: 'error',
  supports: ['ai-act-59-1-g', 'ai-act-59-1-d', 'gdpr-32', 'nen-7510-8-24'],
  crossReferences: {
    cdkNag: ['S3DefaultEncryptionKMS', 'CloudWatchLogGroupEncrypted', 'CloudTrailEncryptionEnabled', 'EC2EBSVolumeEncrypted', 'RDSStorageEncrypted', 'SNSEncryptedKMS', 'SQSQueueSSE'],
    controlTower: ['CT.S3.PR.10', 'CT.CLOUDWATCH.PR.3', 'CT.CLOUDTRAIL.PR.1', 'CT.EC2.PR.7', 'CT.RDS.PR.16', 'CT.RDS.PR.24', 'CT.SQS.PR.2', 'CT.DYNAMODB.PR.2'],
    checkov: ['CKV_AWS_145', 'CKV_AWS_158', 'CKV_AWS_35', 'CKV_AWS_3', 'CKV_AWS_16', 'CKV_AWS_26', 'CKV_AWS_27', 'CKV_AWS_119'],
  },
  implementations: { cloudformation: implementation, terraform: implementation },
};
