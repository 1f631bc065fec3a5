import type { NormalisedArtifact, Resource } from '../model/resource.ts';
import { Reference, at, blocks, isList, isUnresolved, literalString, reach, valuesAt, type Value } from '../model/value.ts';
import { locate, type Located } from './located.ts';
import { policyDocuments, type PolicyDocument } from './policy-documents.ts';

/**
 * An S3 bucket with everything configured for it, wherever the format keeps it: CloudFormation
 * puts nearly all of it on the bucket, Terraform (provider ≥ 4) on separate resources that point
 * at the bucket. Rules read this view and stay the same for both formats; each fact keeps the
 * resource and path it came from, so the finding names the right place.
 */
export interface BucketView {
  readonly resource: Resource;
  readonly encryption: readonly { readonly algorithm: Located | undefined; readonly key: Located | undefined; readonly at: Located }[];
  readonly versioning: Located | undefined;
  readonly publicAccessBlock: { readonly settings: Readonly<Record<PublicAccessSetting, Located | undefined>>; readonly at: Located } | undefined;
  readonly policies: readonly PolicyDocument[];
  readonly acls: readonly Located[];
  readonly objectLockEnabled: Located | undefined;
  readonly defaultRetention: { readonly mode: Located | undefined; readonly days: Located | undefined; readonly years: Located | undefined; readonly at: Located } | undefined;
  /** Where copies of the bucket's objects or of data about them go. */
  readonly copyTargets: readonly (Located & { readonly kind: 'replication' | 'server access logs' | 'inventory' | 'analytics export' })[];
}

export const PUBLIC_ACCESS_SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;
export type PublicAccessSetting = (typeof PUBLIC_ACCESS_SETTINGS)[number];
const TERRAFORM_PUBLIC_ACCESS: Readonly<Record<PublicAccessSetting, string>> = {
  BlockPublicAcls: 'block_public_acls',
  BlockPublicPolicy: 'block_public_policy',
  IgnorePublicAcls: 'ignore_public_acls',
  RestrictPublicBuckets: 'restrict_public_buckets',
};

const cache = new WeakMap<NormalisedArtifact, readonly BucketView[]>();

export function buckets(artifact: NormalisedArtifact): readonly BucketView[] {
  let views = cache.get(artifact);
  if (!views) {
    views = artifact.format === 'cloudformation' ? cloudFormationBuckets(artifact) : artifact.format === 'terraform' ? terraformBuckets(artifact) : [];
    cache.set(artifact, views);
  }
  return views;
}

function cloudFormationBuckets(artifact: NormalisedArtifact): BucketView[] {
  const policiesByBucket = new Map<string, PolicyDocument[]>();
  for (const doc of policyDocuments(artifact)) {
    if (doc.resource.type !== 'AWS::S3::BucketPolicy') continue;
    const target = doc.resource.properties.Bucket;
    if (target instanceof Reference) policiesByBucket.set(target.target, [...(policiesByBucket.get(target.target) ?? []), doc]);
  }
  return artifact.resources
    .filter((r) => r.type === 'AWS::S3::Bucket')
    .map((r): BucketView => {
      const p = r.properties;
      // A configuration only the deploy can tell (`BucketEncryption: !If …`) stands in for what it
      // would configure, so the rules say UNKNOWN instead of finding the setting absent.
      const sseRoot = reach(p, ['BucketEncryption', 'ServerSideEncryptionConfiguration']);
      const pab = reach(p, ['PublicAccessBlockConfiguration']);
      const rule = reach(p, ['ObjectLockConfiguration', 'Rule', 'DefaultRetention']);
      const retentionAt = (key: string) => (rule && isUnresolved(rule.value) ? { value: rule.value, resource: r, path: rule.path } : locate(r, `ObjectLockConfiguration.Rule.DefaultRetention.${key}`, at(rule?.value, key)));
      // Each destination, or in its place whatever on the way to it only the deploy can tell.
      const copyTargets: BucketView['copyTargets'][number][] = [];
      const add = (kind: BucketView['copyTargets'][number]['kind'], keys: readonly string[]) => {
        for (const { value, path } of valuesAt(p, keys)) copyTargets.push({ kind, value, resource: r, path });
      };
      add('replication', ['ReplicationConfiguration', 'Rules', 'Destination', 'Bucket']);
      add('server access logs', ['LoggingConfiguration', 'DestinationBucketName']);
      add('inventory', ['InventoryConfigurations', 'Destination', 'BucketArn']);
      add('analytics export', ['AnalyticsConfigurations', 'StorageClassAnalysis', 'DataExport', 'Destination', 'BucketArn']);
      return {
        resource: r,
        encryption: (sseRoot === undefined ? [] : isList(sseRoot.value) ? sseRoot.value.map((s, i) => ({ s, path: `${sseRoot.path}[${i}]` })) : [{ s: sseRoot.value, path: sseRoot.path }]).map(({ s, path }) => {
          const base = isUnresolved(s) ? path : `${path}.ServerSideEncryptionByDefault`;
          const algorithm = reach(s, ['ServerSideEncryptionByDefault', 'SSEAlgorithm'], path);
          const key = reach(s, ['ServerSideEncryptionByDefault', 'KMSMasterKeyID'], path);
          return {
            algorithm: algorithm && { ...algorithm, resource: r },
            key: key && !isUnresolved(s) ? { ...key, resource: r } : undefined,
            at: { value: s, resource: r, path: base },
          };
        }),
        versioning: ((v) => v && { ...v, resource: r })(reach(p, ['VersioningConfiguration', 'Status'])),
        publicAccessBlock:
          pab === undefined
            ? undefined
            : {
                settings: Object.fromEntries(PUBLIC_ACCESS_SETTINGS.map((s) => [s, locate(r, `PublicAccessBlockConfiguration.${s}`, at(pab.value, s))])) as Record<PublicAccessSetting, Located | undefined>,
                at: { value: pab.value, resource: r, path: 'PublicAccessBlockConfiguration' },
              },
        policies: policiesByBucket.get(r.id) ?? [],
        acls: [locate(r, 'AccessControl', p.AccessControl)].filter((x): x is Located => x !== undefined),
        objectLockEnabled: locate(r, 'ObjectLockEnabled', p.ObjectLockEnabled),
        defaultRetention:
          rule === undefined
            ? undefined
            : {
                mode: retentionAt('Mode'),
                days: retentionAt('Days'),
                years: isUnresolved(rule.value) ? undefined : retentionAt('Years'),
                at: { value: rule.value, resource: r, path: rule.path },
              },
        copyTargets,
      };
    });
}

/** The bucket a Terraform bucket-configuration resource points at: by reference or by literal name. */
function bucketOf(artifact: NormalisedArtifact, value: Value | undefined, byName: ReadonlyMap<string, Resource>): Resource | undefined {
  if (value instanceof Reference) {
    const target = artifact.byId.get(value.target);
    return target?.type === 'aws_s3_bucket' ? target : undefined;
  }
  const name = literalString(value);
  return name === undefined ? undefined : byName.get(name);
}

function terraformBuckets(artifact: NormalisedArtifact): BucketView[] {
  const bucketResources = artifact.resources.filter((r) => r.type === 'aws_s3_bucket');
  const byName = new Map<string, Resource>();
  for (const b of bucketResources) {
    const name = literalString(b.properties.bucket);
    if (name !== undefined) byName.set(name, b);
  }
  const configs = new Map<Resource, Resource[]>();
  for (const r of artifact.resources) {
    if (!r.type.startsWith('aws_s3_bucket_')) continue;
    const bucket = bucketOf(artifact, r.properties.bucket, byName);
    if (bucket) configs.set(bucket, [...(configs.get(bucket) ?? []), r]);
  }
  const docs = policyDocuments(artifact);
  return bucketResources.map((b): BucketView => {
    const own = configs.get(b) ?? [];
    const of = (type: string) => own.filter((r) => r.type === type);
    const p = b.properties;

    const encryption: BucketView['encryption'][number][] = [];
    const sseSources: [Resource, Value | undefined, string][] = [
      [b, at(p, 'server_side_encryption_configuration'), 'server_side_encryption_configuration'],
      ...of('aws_s3_bucket_server_side_encryption_configuration').map((r): [Resource, Value | undefined, string] => [r, r.properties, '']),
    ];
    for (const [resource, config, base] of sseSources) {
      blocks(config).forEach((c) => {
        blocks(c.rule).forEach((rule, i) => {
          blocks(rule.apply_server_side_encryption_by_default).forEach((d) => {
            const path = `${base ? `${base}.` : ''}rule[${i}].apply_server_side_encryption_by_default`;
            encryption.push({
              algorithm: locate(resource, `${path}.sse_algorithm`, d.sse_algorithm),
              key: locate(resource, `${path}.kms_master_key_id`, d.kms_master_key_id),
              at: { value: d, resource, path },
            });
          });
        });
      });
    }

    const versioningResource = of('aws_s3_bucket_versioning')[0];
    const legacyVersioning = blocks(p.versioning)[0];
    const versioning = versioningResource
      ? locate(versioningResource, 'versioning_configuration.status', at(blocks(versioningResource.properties.versioning_configuration)[0], 'status'))
      : legacyVersioning
        ? locate(b, 'versioning.enabled', legacyVersioning.enabled)
        : undefined;

    const pabResource = of('aws_s3_bucket_public_access_block')[0];
    const publicAccessBlock = pabResource
      ? {
          settings: Object.fromEntries(
            PUBLIC_ACCESS_SETTINGS.map((s) => [s, locate(pabResource, TERRAFORM_PUBLIC_ACCESS[s], pabResource.properties[TERRAFORM_PUBLIC_ACCESS[s]])]),
          ) as Record<PublicAccessSetting, Located | undefined>,
          at: { value: pabResource.properties, resource: pabResource, path: '' },
        }
      : undefined;

    const acls: Located[] = [];
    const ownAcl = locate(b, 'acl', p.acl);
    if (ownAcl) acls.push(ownAcl);
    for (const r of of('aws_s3_bucket_acl')) {
      const acl = locate(r, 'acl', r.properties.acl);
      if (acl) acls.push(acl);
      blocks(r.properties.access_control_policy).forEach((acp, i) =>
        blocks(acp.grant).forEach((g, j) => {
          const uri = at(blocks(g.grantee)[0], 'uri');
          if (uri !== undefined) acls.push({ value: uri, resource: r, path: `access_control_policy[${i}].grant[${j}].grantee.uri` });
        }),
      );
    }

    const lockResource = of('aws_s3_bucket_object_lock_configuration')[0];
    const lockRule = lockResource
      ? { resource: lockResource, base: 'rule.default_retention', value: blocks(blocks(lockResource.properties.rule)[0]?.default_retention)[0] }
      : { resource: b, base: 'object_lock_configuration.rule.default_retention', value: blocks(blocks(blocks(p.object_lock_configuration)[0]?.rule)[0]?.default_retention)[0] };
    const legacyLockEnabled = at(blocks(p.object_lock_configuration)[0], 'object_lock_enabled');

    // Each destination, or in its place whatever on the way to it only the plan can tell (dynamic blocks included).
    const copyTargets: BucketView['copyTargets'][number][] = [];
    const add = (kind: BucketView['copyTargets'][number]['kind'], resource: Resource, keys: readonly string[]) => {
      for (const { value, path } of valuesAt(resource.properties, keys)) copyTargets.push({ kind, value, resource, path });
    };
    for (const r of of('aws_s3_bucket_replication_configuration')) add('replication', r, ['rule', 'destination', 'bucket']);
    add('replication', b, ['replication_configuration', 'rules', 'destination', 'bucket']);
    for (const r of of('aws_s3_bucket_logging')) add('server access logs', r, ['target_bucket']);
    add('server access logs', b, ['logging', 'target_bucket']);
    for (const r of of('aws_s3_bucket_inventory')) add('inventory', r, ['destination', 'bucket', 'bucket_arn']);
    for (const r of of('aws_s3_bucket_analytics_configuration')) add('analytics export', r, ['storage_class_analysis', 'data_export', 'destination', 's3_bucket_destination', 'bucket_arn']);

    const policyResources = new Set([b, ...of('aws_s3_bucket_policy')]);
    return {
      resource: b,
      encryption,
      versioning,
      publicAccessBlock,
      policies: docs.filter((d) => policyResources.has(d.resource)),
      acls,
      objectLockEnabled: locate(b, 'object_lock_enabled', p.object_lock_enabled) ?? (legacyLockEnabled !== undefined ? locate(b, 'object_lock_configuration.object_lock_enabled', legacyLockEnabled) : undefined),
      defaultRetention: lockRule.value
        ? {
            mode: locate(lockRule.resource, `${lockRule.base}.mode`, lockRule.value.mode),
            days: locate(lockRule.resource, `${lockRule.base}.days`, lockRule.value.days),
            years: locate(lockRule.resource, `${lockRule.base}.years`, lockRule.value.years),
            at: { value: lockRule.value, resource: lockRule.resource, path: lockRule.base },
          }
        : undefined,
      copyTargets,
    };
  });
}
