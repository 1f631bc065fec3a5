import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { KEY_ADMINISTRATION_ACTIONS, roleStatements, type KeySpec } from '../blueprint/index.ts';
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
 * One statement per distinct set of key actions, naming exactly the person roles whose grants need
 * it, and only through the AWS services that store the tenant's data and logs.
 */
function personStatements(ctx: TenantContext, roles: ReadonlyMap<string, IamRole>, kind: 'data-key' | 'evidence-key', viaServices: readonly string[]): PolicyStatement[] {
  const byActions = new Map<string, string[]>();
  for (const role of ctx.blueprint.roles) {
    const actions = roleStatements(role)
      .filter((s) => s.resources.some((r) => r.kind === kind))
      .flatMap((s) => s.actions);
    if (actions.length === 0) continue;
    const key = [...new Set(actions)].sort().join(',');
    const iamRole = roles.get(role.roleName);
    if (!iamRole) throw new Error(`no IAM role rendered for ${role.roleName}`);
    byActions.set(key, [...(byActions.get(key) ?? []), iamRole.arn]);
  }
  return [...byActions.entries()].map(([actions, principals], i) => ({
    Sid: `PersonRolesUseKey${i + 1}`,
    Effect: 'Allow',
    Principal: { AWS: principals },
    Action: actions.split(','),
    Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': viaServices.map((s) => `${s}.${ctx.blueprint.region}.amazonaws.com`) } },
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
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arn(ctx, 'logs', `log-group:/sandbox/${blueprint.tenantId}/*`) } },
    },
  ];
  if (blueprint.trail) {
    const trailArn = arn(ctx, 'cloudtrail', `trail/${blueprint.trail.name}`);
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
    ? addKey(ctx, 'data_key', blueprint.dataKey, [administration(ctx), ...personStatements(ctx, roles, 'data-key', ['s3'])], false)
    : null;
  const evidence = addKey(
    ctx,
    'evidence_key',
    blueprint.evidenceKey,
    [administration(ctx), ...personStatements(ctx, roles, 'evidence-key', ['s3', 'logs']), ...evidenceServiceStatements(ctx)],
    // The evidence must stay readable after exit, for as long as its Object Lock holds it.
    true,
  );
  return { data, evidence };
}
