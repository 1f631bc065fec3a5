import { describe, expect, it } from 'vitest';
import { createAwsEngine } from '../../stacks/aws/index.ts';
import { bucketName, tenantBlueprint } from '../../stacks/blueprint/index.ts';
import { synthesizeTerraform } from '../../stacks/terraform/index.ts';
import { TENANT_STATUSES, type Tenant } from '../../tenancy/index.ts';
import { exampleTenants, withStatus } from '../support/example-tenants.ts';

/**
 * Tenant ids may contain "-", so one id can be the start of another (`discharge` and
 * `discharge-summary`). No ARN pattern in one tenant's output (IAM and bucket-policy resources,
 * the S3 endpoint policy, the permission boundary, key-policy ARN conditions) may match a bucket,
 * log group or trail of the other, in either engine and in any lifecycle state.
 */
const ACCOUNT = '123456789012';
const synthesizeAws = createAwsEngine({ complianceChecks: false });

/** The same plan under another id, as a second admitted tenant would have it. */
function withId(tenant: Tenant, id: string): Tenant {
  return Object.freeze({ ...tenant, id, tags: { ...tenant.tags, 'sandbox:tenant': id } });
}

/** CloudFormation values as the text they resolve to in ACCOUNT; other references become `<ref>`. */
function cfnText(value: unknown, region: string): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (v.Ref === 'AWS::AccountId') return ACCOUNT;
    if (v.Ref === 'AWS::Partition') return 'aws';
    if (v.Ref === 'AWS::Region') return region;
    const join = v['Fn::Join'];
    if (Array.isArray(join) && Array.isArray(join[1])) return (join[1] as unknown[]).map((p) => cfnText(p, region)).join(String(join[0]));
  }
  return '<ref>';
}

const terraformText = (value: string) =>
  value.replaceAll('${local.account_id}', ACCOUNT).replaceAll('${data.aws_partition.current.partition}', 'aws').replace(/\$\{[^}]+\}/g, '<ref>');

interface StatementLike {
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Resource patterns and ARN conditions of every statement, wherever a policy document sits. */
function patternsOf(statements: readonly StatementLike[], text: (v: unknown) => string): string[] {
  return statements.flatMap((s) => [
    ...[s.Resource ?? []].flat().map(text),
    ...Object.values(s.Condition?.ArnLike ?? {}).flatMap((v) => [v].flat().map(text)),
  ]);
}

function statementsIn(value: unknown, parseStrings: boolean): StatementLike[] {
  if (typeof value === 'string') {
    if (!parseStrings || !value.includes('"Statement"')) return [];
    return statementsIn(JSON.parse(value) as unknown, parseStrings);
  }
  if (Array.isArray(value)) return value.flatMap((v) => statementsIn(v, parseStrings));
  if (!value || typeof value !== 'object') return [];
  const own = Array.isArray((value as { Statement?: unknown }).Statement) ? ((value as { Statement: StatementLike[] }).Statement) : [];
  return [...own, ...Object.values(value).flatMap((v) => statementsIn(v, parseStrings))];
}

async function awsPatterns(tenant: Tenant): Promise<string[]> {
  const template = JSON.parse((await synthesizeAws(tenant)).artifacts[0]!.content) as unknown;
  return patternsOf(statementsIn(template, false), (v) => cfnText(v, tenant.region));
}

async function terraformPatterns(tenant: Tenant): Promise<string[]> {
  const output = await synthesizeTerraform(tenant);
  const config = JSON.parse(output.artifacts.find((a) => a.path.endsWith('cdk.tf.json'))!.content) as { resource: unknown };
  return patternsOf(statementsIn(config.resource, true), (v) => terraformText(String(v)));
}

/** What a tenant owns, as the ARNs IAM evaluates a request against (objects and streams included). */
function ownedArns(tenant: Tenant): string[] {
  const blueprint = tenantBlueprint(withStatus(tenant, 'active'));
  const suffixes = [...blueprint.dataStores, ...blueprint.logStores, blueprint.serverAccessLogs].map((s) => s.nameSuffix);
  const buckets = suffixes.map((s) => `arn:aws:s3:::${bucketName(ACCOUNT, tenant.id, s)}`);
  const groups = blueprint.logGroups.map((g) => `arn:aws:logs:${tenant.region}:${ACCOUNT}:log-group:${g.name}`);
  return [
    ...buckets,
    ...buckets.map((b) => `${b}/datasets/patients.ndjson`),
    ...groups,
    ...groups.map((g) => `${g}:log-stream:eni-0`),
    `arn:aws:cloudtrail:${tenant.region}:${ACCOUNT}:trail/sandbox-${tenant.id}`,
  ];
}

/** IAM's wildcard matching: `*` any run of characters, `?` any one. */
function iamMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(value);
}

const base = exampleTenants().find((t) => t.id === 'discharge-summary')!;
const shorter = withId(base, 'discharge');
const longer = base;

describe('no tenant’s policies reach another tenant whose id starts with its own', () => {
  it('the IAM matcher used below is IAM’s: a name pattern with "-*" matches the longer id', () => {
    expect(iamMatches('arn:aws:s3:::sbx-1-discharge-*', 'arn:aws:s3:::sbx-1-discharge-summary-data')).toBe(true);
    expect(iamMatches('arn:aws:logs:r:1:log-group:/sandbox/discharge/*', 'arn:aws:logs:r:1:log-group:/sandbox/discharge-summary/workloads')).toBe(false);
  });

  for (const status of TENANT_STATUSES) {
    for (const [engine, patterns] of [
      ['CloudFormation', awsPatterns],
      ['Terraform', terraformPatterns],
    ] as const) {
      it(`${engine} (${status}): nothing of ${shorter.id} matches what ${longer.id} owns, and the reverse`, async () => {
        for (const [owner, other] of [
          [shorter, longer],
          [longer, shorter],
        ] as const) {
          const own = await patterns(withStatus(owner, status));
          expect(own.length, `${owner.id} has policies to check`).toBeGreaterThan(5);
          const reached = ownedArns(other).filter((arn) => own.some((p) => p !== '*' && iamMatches(p, arn)));
          expect(reached, `${owner.id}'s policies reach ${other.id}`).toEqual([]);
        }
      });
    }
  }
});
