import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { KEY_ADMINISTRATION_ACTIONS, keyUse, LOGS_SERVICE_KEY_ACTIONS, type KeySpec } from '../blueprint/index.ts';
import { policyJson, type PolicyStatement } from './policy-document.ts';
import { accountRoot, arn, type TenantContext } from './tenant-context.ts';

export interface TenantKeys {
  /** Absent once the tenant has exited: removing it schedules its deletion (crypto-shredding). */
  readonly data: KmsKey | null;
  readonly evidence: KmsKey;
}

const administration = (ctx: TenantContext): PolicyStatement => ({
  Sid: 'AccountAdministersKey',
  Effect: 'Allow',
  Principal: { AWS: accountRoot(ctx) },
  // The account administers the key but cannot use it: only principals named below can decrypt.
  Action: [...KEY_ADMINISTRATION_ACTIONS],
  Resource: '*',
});

/**
 * The key policy names exactly the person roles whose grants need the key (the account cannot use
 * it, so an IAM policy alone would not do), and only through the service that holds what they may
 * read (`kms:ViaService`), so ciphertext taken elsewhere stays sealed. Roles with the same actions
 * through the same service share a statement, so the policy stays readable.
 */
function personStatements(ctx: TenantContext, roles: ReadonlyMap<string, IamRole>, kind: 'data-key' | 'evidence-key'): PolicyStatement[] {
  const groups = new Map<string, { actions: string[]; via: string; principals: string[] }>();
  for (const role of ctx.blueprint.roles) {
    const uses = keyUse(role, kind);
    if (uses.length === 0) continue;
    const iamRole = roles.get(role.roleName);
    if (!iamRole) throw new Error(`no IAM role rendered for ${role.roleName}`);
    for (const { via, actions } of uses) {
      const id = `${actions.join(',')}|${via}`;
      const group = groups.get(id) ?? { actions: [...actions], via, principals: [] };
      group.principals.push(iamRole.arn);
      groups.set(id, group);
    }
  }
  return [...groups.values()].map((g, i) => ({
    Sid: `PersonRolesUseKey${i + 1}`,
    Effect: 'Allow',
    Principal: { AWS: g.principals },
    Action: g.actions,
    Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': `${g.via}.${ctx.blueprint.region}.amazonaws.com` } },
  }));
}

/** The services that write evidence with this key, each held to the tenant's own resources. */
function evidenceServiceStatements(ctx: TenantContext): PolicyStatement[] {
  const { blueprint } = ctx;
  const out: PolicyStatement[] = [
    {
      Sid: 'CloudWatchLogsEncryptsTenantLogGroups',
      Effect: 'Allow',
      Principal: { Service: `logs.${blueprint.region}.amazonaws.com` },
      Action: [...LOGS_SERVICE_KEY_ACTIONS],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arn(ctx, 'logs', `log-group:${blueprint.logGroupPrefix}*`) } },
    },
  ];
  if (blueprint.trail) {
    const trailArn = arn(ctx, 'cloudtrail', `trail/${blueprint.trailName}`);
    out.push(
      {
        Sid: 'CloudTrailEncryptsTenantTrail',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': arn(ctx, 'cloudtrail', 'trail/*', '*') },
          StringEquals: { 'aws:SourceArn': trailArn },
        },
      },
      {
        Sid: 'CloudTrailDescribesKey',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
    );
  }
  return out;
}

function addKey(ctx: TenantContext, name: string, spec: KeySpec, statements: readonly PolicyStatement[], retain: boolean): KmsKey {
  const key = new KmsKey(ctx.stack, name, {
    description: spec.description,
    enableKeyRotation: spec.enableRotation,
    deletionWindowInDays: spec.pendingWindowDays,
    policy: policyJson(statements),
    ...(retain ? { lifecycle: { preventDestroy: true } } : {}),
  });
  new KmsAlias(ctx.stack, `${name}_alias`, { name: spec.alias, targetKeyId: key.keyId });
  return key;
}

export function addKeys(ctx: TenantContext, roles: ReadonlyMap<string, IamRole>): TenantKeys {
  const { blueprint } = ctx;
  const data = blueprint.dataKey
    ? addKey(ctx, 'data_key', blueprint.dataKey, [administration(ctx), ...personStatements(ctx, roles, 'data-key')], false)
    : null;
  const evidence = addKey(
    ctx,
    'evidence_key',
    blueprint.evidenceKey,
    [administration(ctx), ...personStatements(ctx, roles, 'evidence-key'), ...evidenceServiceStatements(ctx)],
    // The evidence must stay readable after exit, for as long as its Object Lock holds it.
    true,
  );
  return { data, evidence };
}
