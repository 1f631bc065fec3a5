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
  | { readonly kind: 'log-bucket-objects'; readonly retentionClass: RetentionClassName }
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
  const dataGrants = role.grants.filter((g) => g.target.kind === 'data-store');
  if (dataGrants.length > 0) {
    const actions = dataGrants.some((g) => writes(g.access)) ? [...KMS_DECRYPT, ...KMS_ENCRYPT] : [...KMS_DECRYPT];
    statements.push({ sid: 'DataKeyUse', actions: actions.sort(), resources: [{ kind: 'data-key' }] });
  }
  if (role.grants.some((g) => g.target.kind === 'log-store' || g.target.kind === 'log-groups')) {
    statements.push({ sid: 'EvidenceKeyDecrypt', actions: KMS_DECRYPT, resources: [{ kind: 'evidence-key' }] });
  }
  return statements;
}

/** The service through which a person uses a key for a grant: S3 for stores, CloudWatch Logs for log groups. */
function viaServiceOf(grant: Grant): 's3' | 'logs' | null {
  switch (grant.target.kind) {
    case 'data-store':
    case 'log-store':
      return 's3';
    case 'log-groups':
      return 'logs';
    case 'trail':
      return null;
  }
}

/**
 * What a person role may do with a tenant key, and through which services (`kms:ViaService`), as
 * both its identity policy and the key policy must say. No actions: the role has no use for the key.
 */
export function keyUse(role: PersonRoleSpec, kind: 'data-key' | 'evidence-key'): { readonly actions: readonly string[]; readonly via: readonly ('s3' | 'logs')[] } {
  const actions = [...new Set(roleStatements(role).filter((s) => s.resources.some((r) => r.kind === kind)).flatMap((s) => s.actions))].sort();
  const keyTargets = role.grants.filter((g) => (kind === 'data-key') === (g.target.kind === 'data-store'));
  const via = [...new Set(keyTargets.map(viaServiceOf).filter((v): v is 's3' | 'logs' => v !== null))].sort();
  return { actions, via };
}
