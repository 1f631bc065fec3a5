import { buckets } from '../aws/buckets.ts';
import { keyTarget } from '../aws/keys.ts';
import { storeKind, type StoreKind } from '../aws/stores.ts';
import type { Resource } from '../model/resource.ts';
import { literalString, type Value } from '../model/value.ts';
import { compliant, nonCompliant, notApplicable, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/**
 * Cross-resource: data stores use the tenant's data key, evidence (log stores, server access
 * logs, log groups, the trail) the evidence key. Exit deletes the data key to shred the data; if
 * evidence shared it, the logs the supervisor needs would be shredded too, and if data used the
 * evidence key, the data would outlive the tenant.
 */
function judge(holder: Resource, at: Resource, path: string, value: Value | undefined, wanted: 'data' | 'evidence', context: CheckContext): Evaluation {
  const target = keyTarget(context.artifact, value);
  // Other outcomes (no key, foreign key, unresolved) are SBX-DATA-001's to report.
  if (target.kind !== 'key') return notApplicable(at, path);
  const { key } = target;
  if (key.purpose === undefined) {
    return nonCompliant(at, path, `key ${key.resource.id} has no alias alias/sandbox/<tenant>/data or …/evidence, so nothing says whether exit deletes it`);
  }
  if (key.purpose !== wanted) {
    return nonCompliant(at, path, `${holder.id} is ${wanted === 'data' ? 'a data store' : 'evidence'} but uses the ${key.purpose} key ${key.resource.id}; ${wanted === 'data' ? 'its data would survive exit' : 'crypto-shredding at exit would destroy the evidence'}`);
  }
  return compliant(at, path, `${key.purpose} key ${key.resource.id}`);
}

const PURPOSE: Readonly<Record<StoreKind, 'data' | 'evidence'>> = { 'data-store': 'data', 'log-store': 'evidence', 'server-access-logs': 'evidence' };

const EVIDENCE_HOLDERS: Readonly<Record<string, string>> = {
  'AWS::Logs::LogGroup': 'KmsKeyId',
  'AWS::CloudTrail::Trail': 'KMSKeyId',
  aws_cloudwatch_log_group: 'kms_key_id',
  aws_cloudtrail: 'kms_key_id',
};

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const bucket of buckets(context.artifact)) {
    for (const rule of bucket.encryption) {
      if (literalString(rule.algorithm?.value)?.startsWith('aws:kms') !== true || !rule.key) continue;
      yield judge(bucket.resource, rule.key.resource, rule.key.path, rule.key.value, PURPOSE[storeKind(bucket, context)], context);
    }
  }
  for (const resource of context.artifact.resources) {
    const property = EVIDENCE_HOLDERS[resource.type];
    if (property && resource.properties[property] !== undefined) yield judge(resource, resource, property, resource.properties[property], 'evidence', context);
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-DATA-002',
  title: 'Data stores use the data key; log stores, log groups and the trail use the evidence key',
  rationale:
    'At exit the data key is scheduled for deletion so the tenant’s personal data becomes unreadable (crypto-shredding), while the evidence key outlives the tenant so supervisors can still read the logs. Mixing the keys either shreds the evidence or lets data survive exit.',
  remediation: 'Encrypt the data stores (bucket names ending -data, -work, -results) with the key aliased alias/sandbox/<tenant>/data, and log stores, server access logs, log groups and the trail with alias/sandbox/<tenant>/evidence.',
  severity: 'error',
  supports: ['ai-act-59-1-g', 'ai-act-59-1-h', 'ai-act-57-7', 'nen-7510-8-24'],
  crossReferences: {},
  implementations: { cloudformation: check, terraform: check },
};
