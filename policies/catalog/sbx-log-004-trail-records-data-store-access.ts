import { buckets } from '../aws/buckets.ts';
import { storeKind } from '../aws/stores.ts';
import type { Resource } from '../model/resource.ts';
import { Interpolation, Reference, blocks, isUnresolved, listOf, literalString, nestedBlocks, type Value, type ValueObject } from '../model/value.ts';
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

/** Selectors only the deploy can tell (`EventSelectors: !If …`, `${var.selectors}`) may record anything: UNKNOWN, never absent. */
const undecided = (trail: Resource, found: ReturnType<typeof nestedBlocks>): Selector[] => found.unresolved.map((u) => ({ trail, path: u.path, values: [u.value], readWrite: undefined }));

function selectors(trail: Resource, keys: { events: string; data: string; type: string; values: string; readWrite: string; advanced: string; fields: string; field: string; equals: string; startsWith: string }): Selector[] {
  const out: Selector[] = [];
  const events = nestedBlocks(trail.properties, keys.events);
  out.push(...undecided(trail, events));
  for (const s of events.blocks) {
    const data = nestedBlocks(s.block, keys.data, s.path);
    out.push(...undecided(trail, data));
    for (const d of data.blocks) {
      if (literalString(d.block[keys.type]) === 'AWS::S3::Object') out.push({ trail, path: `${d.path}.${keys.values}`, values: listOf(d.block[keys.values]), readWrite: s.block[keys.readWrite] ?? 'All' });
    }
  }
  const advancedSelectors = nestedBlocks(trail.properties, keys.advanced);
  out.push(...undecided(trail, advancedSelectors));
  for (const s of advancedSelectors.blocks) out.push(...advanced(trail, s.path, blocks(s.block[keys.fields]), keys.field, keys.equals, keys.startsWith));
  return out;
}

const cloudFormationSelectors = (trail: Resource) =>
  selectors(trail, { events: 'EventSelectors', data: 'DataResources', type: 'Type', values: 'Values', readWrite: 'ReadWriteType', advanced: 'AdvancedEventSelectors', fields: 'FieldSelectors', field: 'Field', equals: 'Equals', startsWith: 'StartsWith' });

const terraformSelectors = (trail: Resource) =>
  selectors(trail, { events: 'event_selector', data: 'data_resource', type: 'type', values: 'values', readWrite: 'read_write_type', advanced: 'advanced_event_selector', fields: 'field_selector', field: 'field', equals: 'equals', startsWith: 'starts_with' });

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
