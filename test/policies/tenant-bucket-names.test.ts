import { describe, expect, it } from 'vitest';
import { tenantBucketName } from '../../policies/aws/tenant-bucket-names.ts';
import { Interpolation, Reference, Unknown } from '../../policies/model/value.ts';
import { bucketName, tenantBlueprint } from '../../stacks/blueprint/index.ts';
import { exampleTenants } from '../support/example-tenants.ts';

const account = new Unknown('{"Ref":"AWS::AccountId"}', 'deploy time', 'AWS::AccountId');
const callerAccount = new Reference('data.aws_caller_identity.current', 'account_id', '${data.aws_caller_identity.current.account_id}');
const variable = new Unknown('${var.account}', 'a variable');
const named = (tail: string, acct: Unknown | Reference = account) => new Interpolation(['sbx-', acct, tail], 'sbx-…');

describe('the blueprint’s bucket names', () => {
  it('reads every store the blueprint names, of every example tenant', () => {
    for (const tenant of exampleTenants()) {
      const blueprint = tenantBlueprint(tenant);
      const expected = [
        ...blueprint.dataStores.map((s) => [s.nameSuffix, 'data-store', undefined]),
        ...blueprint.logStores.map((s) => [s.nameSuffix, 'log-store', s.retentionClass]),
        [blueprint.serverAccessLogs.nameSuffix, 'server-access-logs', undefined],
      ];
      for (const [suffix, kind, retentionClass] of expected) {
        const name = tenantBucketName(bucketName('123456789012', tenant.id, suffix!));
        expect(name).toEqual({ account: 'literal', tenant: tenant.id, suffix, store: { kind, ...(retentionClass ? { retentionClass } : {}) } });
      }
    }
  });

  it.each([
    ['the pseudo account', named('-diabetes-risk-data'), { account: 'deploying', tenant: 'diabetes-risk', suffix: 'data' }],
    ['Terraform’s caller identity', named('-diabetes-risk-s3logs', callerAccount), { account: 'deploying', tenant: 'diabetes-risk', suffix: 's3logs' }],
    ['an account from a variable', named('-diabetes-risk-data', variable), { account: 'unknown', tenant: 'diabetes-risk', suffix: 'data' }],
    ['a tenant id ending like a suffix', named('-my-data-lake-work'), { account: 'deploying', tenant: 'my-data-lake', suffix: 'work' }],
    ['an ARN with a key', new Interpolation(['arn:', new Unknown('{"Ref":"AWS::Partition"}', 'p', 'AWS::Partition'), ':s3:::sbx-', account, '-t-1-docs/AWSLogs/*'], 'arn'), { account: 'deploying', tenant: 't-1', suffix: 'docs' }],
  ])('reads %s', (_what, value, expected) => {
    expect(tenantBucketName(value)).toMatchObject(expected);
  });

  it.each([
    ['a suffix the blueprint does not write', named('-diabetes-risk-exfil')],
    ['a name without the sbx- prefix', 'org-central-audit'],
    ['a short account', 'sbx-1234-diabetes-risk-data'],
    ['no tenant', named('-data')],
  ])('refuses %s', (_what, value) => {
    expect(tenantBucketName(value)).toBeUndefined();
  });
});
