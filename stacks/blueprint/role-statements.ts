import type { Access, DataStoreId, Grant, PersonRoleSpec } from './tenant-blueprint.ts';
import type { RetentionClassName } from '../../tenancy/index.ts';

/**
 * The IAM statements of a person role, with resources still abstract. Both engines resolve the
 * references to their own ARNs/addresses, so a role has exactly the same actions in CloudFormation
 * and in Terraform. Actions are listed explicitly (no `s3:Get*`): a reviewer sees what is allowed.
 */
export type ResourceRef =
  | { readonly kind: 'bucket'; readonly store: DataStoreId }
  | { readonly kind: 'bucket-objects'; readonly store: DataStoreId }
  | { readonly kind: 'log-bucket'; readonly retentionClass: RetentionClassName }
  /** With `prefix`, only the objects under it (`<bucket>/<prefix>*`). */
  | { readonly kind: 'log-bucket-objects'; readonly retentionClass: RetentionClassName; readonly prefix?: string }
  | { readonly kind: 'data-key' }
  | { readonly kind: 'evidence-key' }
  | { readonly kind: 'log-groups' }
  | { readonly kind: 'trail' }
  /** Only for read actions that AWS does not scope to a resource (cloudtrail:LookupEvents). */
  | { readonly kind: 'unscoped' };

export interface AbstractStatement {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly ResourceRef[];
}

export const S3_BUCKET_READ = ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketVersions'] as const;
export const S3_OBJECT_READ = ['s3:GetObject', 's3:GetObjectTagging', 's3:GetObjectVersion'] as const;
export const S3_OBJECT_WRITE = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject', 's3:PutObjectTagging'] as const;
/** Adding evidence: s3:PutObject covers single and multipart uploads, and nothing more. */
export const S3_OBJECT_APPEND = ['s3:PutObject'] as const;
export const KMS_DECRYPT = ['kms:Decrypt', 'kms:DescribeKey'] as const;
export const KMS_ENCRYPT = ['kms:Encrypt', 'kms:GenerateDataKey'] as const;
export const LOGS_READ = ['logs:DescribeLogStreams', 'logs:FilterLogEvents', 'logs:GetLogEvents'] as const;
export const TRAIL_READ = ['cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus'] as const;
export const TRAIL_LOOKUP = ['cloudtrail:LookupEvents'] as const;

const reads = (access: Access) => access === 'read' || access === 'read-write';
const writes = (access: Access) => access === 'write' || access === 'read-write';
const pascal = (s: string) => s.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

function statementsFor(grant: Grant): AbstractStatement[] {
  const { target, access } = grant;
  switch (target.kind) {
    case 'data-store': {
      const name = pascal(target.id);
      const out: AbstractStatement[] = [];
      if (reads(access)) {
        out.push({ sid: `${name}List`, actions: S3_BUCKET_READ, resources: [{ kind: 'bucket', store: target.id }] });
        out.push({ sid: `${name}Read`, actions: S3_OBJECT_READ, resources: [{ kind: 'bucket-objects', store: target.id }] });
      }
      if (writes(access)) out.push({ sid: `${name}Write`, actions: S3_OBJECT_WRITE, resources: [{ kind: 'bucket-objects', store: target.id }] });
      return out;
    }
    case 'log-store': {
      const name = pascal(target.retentionClass);
      // Log stores are append-only for services; people only ever read them.
      return [
        { sid: `${name}List`, actions: S3_BUCKET_READ, resources: [{ kind: 'log-bucket', retentionClass: target.retentionClass }] },
        { sid: `${name}Read`, actions: S3_OBJECT_READ, resources: [{ kind: 'log-bucket-objects', retentionClass: target.retentionClass }] },
      ];
    }
    case 'log-store-append':
      return [
        {
          sid: `${pascal(target.retentionClass)}Append`,
          actions: S3_OBJECT_APPEND,
          resources: [{ kind: 'log-bucket-objects', retentionClass: target.retentionClass, prefix: target.prefix }],
        },
      ];
    case 'log-groups':
      return [{ sid: 'LogGroupsRead', actions: LOGS_READ, resources: [{ kind: 'log-groups' }] }];
    case 'trail':
      return [
        { sid: 'TrailRead', actions: TRAIL_READ, resources: [{ kind: 'trail' }] },
        { sid: 'TrailLookup', actions: TRAIL_LOOKUP, resources: [{ kind: 'unscoped' }] },
      ];
  }
}

/** Every statement of a role: its grants, plus the key use those grants need. */
export function roleStatements(role: PersonRoleSpec): AbstractStatement[] {
  const statements = role.grants.flatMap(statementsFor);
  const actionsOn = (kind: KeyKind) => [...new Set(keyUse(role, kind).flatMap((u) => u.actions))].sort();
  const data = actionsOn('data-key');
  if (data.length > 0) statements.push({ sid: 'DataKeyUse', actions: data, resources: [{ kind: 'data-key' }] });
  // Evidence is read by many and written by one role: its decrypt and encrypt rights stay apart.
  const evidence = actionsOn('evidence-key');
  const isDecrypt = (a: string) => (KMS_DECRYPT as readonly string[]).includes(a);
  const decrypt = evidence.filter(isDecrypt);
  const encrypt = evidence.filter((a) => !isDecrypt(a));
  if (decrypt.length > 0) statements.push({ sid: 'EvidenceKeyDecrypt', actions: decrypt, resources: [{ kind: 'evidence-key' }] });
  if (encrypt.length > 0) statements.push({ sid: 'EvidenceKeyEncrypt', actions: encrypt, resources: [{ kind: 'evidence-key' }] });
  return statements;
}

type KeyKind = 'data-key' | 'evidence-key';

/** Which key a grant needs, through which service (`kms:ViaService`), for which actions. */
function keyNeedOf(grant: Grant): { readonly key: KeyKind; readonly via: 's3' | 'logs'; readonly actions: readonly string[] } | null {
  const { target, access } = grant;
  switch (target.kind) {
    case 'data-store':
      return { key: 'data-key', via: 's3', actions: writes(access) ? [...KMS_DECRYPT, ...KMS_ENCRYPT] : KMS_DECRYPT };
    case 'log-store':
      return { key: 'evidence-key', via: 's3', actions: KMS_DECRYPT };
    case 'log-store-append':
      // A multipart upload (what `aws s3 cp` does above 8 MB) decrypts the data key of its parts
      // to complete; without s3:GetObject the decrypt right still reads no evidence.
      return { key: 'evidence-key', via: 's3', actions: [...KMS_DECRYPT, ...KMS_ENCRYPT] };
    case 'log-groups':
      return { key: 'evidence-key', via: 'logs', actions: KMS_DECRYPT };
    case 'trail':
      return null;
  }
}

/**
 * What a person role may do with a tenant key, per service it may use the key through
 * (`kms:ViaService`), as both its identity policy and the key policy must say: one entry per
 * service, sorted, each with the sorted actions the grants through that service need. Empty: the
 * role has no use for the key.
 */
export function keyUse(role: PersonRoleSpec, kind: KeyKind): readonly { readonly via: 's3' | 'logs'; readonly actions: readonly string[] }[] {
  const byService = new Map<'s3' | 'logs', Set<string>>();
  for (const need of role.grants.map(keyNeedOf)) {
    if (!need || need.key !== kind) continue;
    const actions = byService.get(need.via) ?? new Set<string>();
    need.actions.forEach((a) => actions.add(a));
    byService.set(need.via, actions);
  }
  return [...byService].sort(([a], [b]) => (a < b ? -1 : 1)).map(([via, actions]) => ({ via, actions: [...actions].sort() }));
}
