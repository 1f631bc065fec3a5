import { LEGAL_RETENTION, RETENTION_CLASSES, type RetentionClassName } from '../../tenancy/index.ts';
import type { NormalisedArtifact, Resource } from '../model/resource.ts';
import { Interpolation, Reference, type Value } from '../model/value.ts';
import type { CheckContext } from '../rule.ts';
import { buckets, type BucketView } from './buckets.ts';
import { tag, tenantOf } from './located.ts';
import { nameShape, tenantBucketName, type StoreKind, type StoreSuffix } from './tenant-bucket-names.ts';

export type { StoreKind } from './tenant-bucket-names.ts';

/**
 * What a bucket is for, told by what a hand edit cannot change alone: its name, which the blueprint
 * gives every store (`sbx-<account>-<tenant>-<suffix>`; renaming makes it another bucket), and,
 * for the server-access-log store, its role (other buckets send it their access logs, and a tenant
 * has one). The `sandbox:store-kind` and `sandbox:retention-class` tags only describe; where they
 * disagree, SBX-TAG-002 says so. A bucket whose name tells nothing is a data store, the strictest
 * kind: nothing a rule lets pass for evidence (SSE-S3, no endpoint restriction) may pass for data.
 */
export interface StoreView {
  readonly bucket: BucketView;
  readonly kind: StoreKind;
  /** Log stores: the retention class their name stands for. */
  readonly retentionClass: RetentionClassName | undefined;
  /** What the name says, if it is one of the blueprint's. */
  readonly named: StoreSuffix | undefined;
  /** How the kind was told, for findings (`its name ends in -data`). */
  readonly basis: string;
}

const NAME_PROPERTY: Readonly<Record<string, string>> = { 'AWS::S3::Bucket': 'BucketName', aws_s3_bucket: 'bucket' };

function nameOf(resource: Resource): Value | undefined {
  return resource.properties[NAME_PROPERTY[resource.type] ?? ''];
}

/** The bucket of the artifact a destination designates: by reference, or by the same name. */
function designated(value: Value, all: readonly BucketView[], artifact: NormalisedArtifact): Resource | undefined {
  const ref = value instanceof Reference ? value : value instanceof Interpolation ? value.parts.find((p): p is Reference => p instanceof Reference && NAME_PROPERTY[artifact.byId.get(p.target)?.type ?? ''] !== undefined) : undefined;
  if (ref) {
    const target = artifact.byId.get(ref.target);
    return target && NAME_PROPERTY[target.type] !== undefined ? target : undefined;
  }
  const shape = nameShape(value);
  if (shape === undefined) return undefined;
  return all.find((b) => {
    const name = nameOf(b.resource);
    return name !== undefined && nameShape(name) === shape;
  })?.resource;
}

const cache = new WeakMap<NormalisedArtifact, ReadonlyMap<Resource, StoreView>>();

export function stores(artifact: NormalisedArtifact): ReadonlyMap<Resource, StoreView> {
  const cached = cache.get(artifact);
  if (cached) return cached;
  const all = buckets(artifact);
  const loggedBy = new Map<Resource, Set<Resource>>();
  for (const b of all) {
    for (const t of b.copyTargets) {
      if (t.kind !== 'server access logs') continue;
      const target = designated(t.value, all, artifact);
      if (target && target !== b.resource) loggedBy.set(target, new Set([...(loggedBy.get(target) ?? []), b.resource]));
    }
  }
  const owner = (r: Resource) => tenantOf(r, { artifact, tenantId: artifact.tenant, tenant: undefined });
  const named = new Map(all.map((b) => [b.resource, tenantBucketName(nameOf(b.resource))]));
  // The server-access-log store: named so, sent access logs by another bucket, one per tenant.
  const accessLogCandidates = all.filter((b) => named.get(b.resource)?.store.kind === 'server-access-logs' && (loggedBy.get(b.resource)?.size ?? 0) > 0);
  const out = new Map<Resource, StoreView>();
  for (const bucket of all) {
    const name = named.get(bucket.resource);
    const suffix = name ? `its name ends in -${name.suffix}` : undefined;
    let kind: StoreKind = 'data-store';
    let basis = 'its name is not one the blueprint gives a store (sbx-<account>-<tenant>-<suffix>)';
    if (name?.store.kind === 'data-store' || name?.store.kind === 'log-store') {
      kind = name.store.kind;
      basis = suffix!;
    } else if (name?.store.kind === 'server-access-logs') {
      const senders = loggedBy.get(bucket.resource)?.size ?? 0;
      const rivals = accessLogCandidates.filter((c) => owner(c.resource) === owner(bucket.resource)).length;
      if (senders === 0) basis = `${suffix}, but no other bucket of the artifact sends it server access logs`;
      else if (rivals > 1) basis = `${suffix}, but ${rivals} buckets of tenant ${owner(bucket.resource) ?? '(none)'} claim to be its server-access-log store`;
      else {
        kind = 'server-access-logs';
        basis = `${suffix} and ${senders} bucket(s) send it their server access logs`;
      }
    }
    out.set(bucket.resource, { bucket, kind, retentionClass: kind === 'log-store' ? name!.store.retentionClass : undefined, named: name?.store, basis });
  }
  cache.set(artifact, out);
  return out;
}

export function storeOf(bucket: BucketView, context: CheckContext): StoreView {
  return stores(context.artifact).get(bucket.resource)!;
}

export function storeKind(bucket: BucketView, context: CheckContext): StoreKind {
  return storeOf(bucket, context).kind;
}

/** A log group's retention class, from its tag (log groups carry no class in their names). */
export function retentionClassOf(resource: Resource): RetentionClassName | undefined {
  const value = tag(resource, 'sandbox:retention-class');
  return (RETENTION_CLASSES as readonly string[]).includes(value ?? '') ? (value as RetentionClassName) : undefined;
}

/** The smallest legal floor of any log class: AI Act Art. 19(1), 26(6), six months. */
export const MINIMUM_LOG_RETENTION_DAYS = LEGAL_RETENTION['ai-system-logs'].days;

export interface RetentionFloor {
  readonly days: number;
  /** Where the floor comes from, for the finding. */
  readonly source: string;
}

/**
 * The retention a log store of this class must keep: the highest of the legal floor, the floor the
 * tenant's plan resolved (profiles may raise it; processing logs follow the period), and the
 * `sandbox:retention-days` tag, so lowering the tag alone never lowers the bar.
 */
export function retentionFloor(resource: Resource, retentionClass: RetentionClassName | undefined, context: CheckContext): RetentionFloor | undefined {
  const candidates: RetentionFloor[] = [];
  if (retentionClass && retentionClass !== 'processing-logs') {
    const legal = LEGAL_RETENTION[retentionClass];
    candidates.push({ days: legal.days, source: legal.source });
  }
  const planned = retentionClass ? context.tenant?.retention.find((r) => r.name === retentionClass) : undefined;
  if (planned) candidates.push({ days: planned.days, source: `the plan of ${context.tenant!.id} (${planned.source})` });
  const tagged = Number(tag(resource, 'sandbox:retention-days'));
  if (Number.isFinite(tagged) && tagged > 0) candidates.push({ days: tagged, source: 'its sandbox:retention-days tag' });
  return candidates.sort((a, b) => b.days - a.days)[0];
}
