import { buckets } from '../aws/buckets.ts';
import { storeKind } from '../aws/stores.ts';
import type { Resource } from '../model/resource.ts';
import { Interpolation, Reference, blocks, isUnresolved, listOf, literalString, type Value, type ValueObject } from '../model/value.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/**
 * Cross-resource: for every data store, some trail of the artifact records object-level reads and
 * writes (S3 data events). Who read which patient record is exactly what NEN 7513 and EHDS
 * Art. 73(1)(e) want logged; management events alone never show it.
 */
interface Selector {
  readonly trail: Resource;
  readonly path: string;
  /** ARN prefixes of S3 objects recorded; `all` when every bucket is. */
  readonly values: readonly Value[] | 'all';
  readonly readWrite: Value | undefined;
}

function cloudFormationSelectors(trail: Resource): Selector[] {
  const out: Selector[] = [];
  blocks(trail.properties.EventSelectors).forEach((s, i) =>
    blocks(s.DataResources).forEach((d, j) => {
      if (literalString(d.Type) === 'AWS::S3::Object') out.push({ trail, path: `EventSelectors[${i}].DataResources[${j}].Values`, values: listOf(d.Values), readWrite: s.ReadWriteType ?? 'All' });
    }),
  );
  blocks(trail.properties.AdvancedEventSelectors).forEach((s, i) => out.push(...advanced(trail, `AdvancedEventSelectors[${i}]`, blocks(s.FieldSelectors), 'Field', 'Equals', 'StartsWith')));
  return out;
}

function terraformSelectors(trail: Resource): Selector[] {
  const out: Selector[] = [];
  blocks(trail.properties.event_selector).forEach((s, i) =>
    blocks(s.data_resource).forEach((d, j) => {
      if (literalString(d.type) === 'AWS::S3::Object') out.push({ trail, path: `event_selector[${i}].data_resource[${j}].values`, values: listOf(d.values), readWrite: s.read_write_type ?? 'All' });
    }),
  );
  blocks(trail.properties.advanced_event_selector).forEach((s, i) => out.push(...advanced(trail, `advanced_event_selector[${i}]`, blocks(s.field_selector), 'field', 'equals', 'starts_with')));
  return out;
}

function advanced(trail: Resource, path: string, fields: readonly ValueObject[], field: string, equals: string, startsWith: string): Selector[] {
  const get = (name: string) => fields.find((f) => literalString(f[field]) === name);
  const type = get('resources.type');
  if (!type || !listOf(type[equals]).includes('AWS::S3::Object')) return [];
  const arn = get('resources.ARN');
  const readOnly = get('readOnly');
  const readWrite = readOnly ? (listOf(readOnly[equals])[0] === 'true' ? 'ReadOnly' : 'WriteOnly') : 'All';
  return [{ trail, path, values: arn ? listOf(arn[startsWith]) : 'all', readWrite }];
}

/** Whether a selector value (`arn:aws:s3`, `${bucket.arn}/`, `arn:aws:s3:::name/`) covers the bucket. */
function covers(value: Value, bucket: Resource): boolean | 'unknown' {
  const text = literalString(value);
  if (text !== undefined) {
    if (/^arn:[^:]+:s3(:::)?$/.test(text)) return true;
    const name = literalString(bucket.properties.BucketName ?? bucket.properties.bucket);
    return name !== undefined && text.startsWith(`arn:aws:s3:::${name}/`);
  }
  if (value instanceof Reference) return value.target === bucket.id;
  if (value instanceof Interpolation) return value.parts.some((p) => p instanceof Reference && p.target === bucket.id);
  return isUnresolved(value) ? 'unknown' : false;
}

function* check(context: CheckContext): Iterable<Evaluation> {
  const selectors = context.artifact.resources.flatMap((r) =>
    r.type === 'AWS::CloudTrail::Trail' ? cloudFormationSelectors(r) : r.type === 'aws_cloudtrail' ? terraformSelectors(r) : [],
  );
  for (const bucket of buckets(context.artifact)) {
    if (storeKind(bucket, context) !== 'data-store') continue;
    const covering = selectors.filter((s) => s.values === 'all' || s.values.some((v) => covers(v, bucket.resource) === true));
    const full = covering.find((s) => literalString(s.readWrite) === 'All');
    const unresolved = selectors.find((s) => s.values !== 'all' && s.values.some((v) => covers(v, bucket.resource) === 'unknown'));
    if (full) yield compliant(full.trail, full.path, `records ${bucket.resource.id}`);
    else if (covering[0]) yield nonCompliant(covering[0].trail, covering[0].path, `the trail records only ${literalString(covering[0].readWrite) ?? 'some'} data events of ${bucket.resource.id}; reads and writes must both be recorded`);
    else if (unresolved) yield unknown(unresolved.trail, unresolved.path, `Whether a trail records ${bucket.resource.id}`, unresolved.values === 'all' ? undefined : unresolved.values[0]);
    else yield nonCompliant(bucket.resource, '', `no trail in this artifact records object-level (data) events of data store ${bucket.resource.id}`);
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-LOG-004',
  title: 'A trail records every read and write of every data store',
  rationale: 'Management events show who changed a bucket, not who read a patient record. S3 data events on every data store, reads and writes, give the access and activity log EHDS Art. 73(1)(e) and NEN 7513 ask for.',
  remediation: 'Add the data stores to a trail’s event selectors as AWS::S3::Object data resources with ReadWriteType All (or an advanced selector on resources.type AWS::S3::Object).',
  severity: 'error',
  supports: ['ehds-73-1-e', 'ai-act-12', 'nen-7513', 'nen-7510-8-15'],
  crossReferences: {},
  implementations: { cloudformation: check, terraform: check },
};
