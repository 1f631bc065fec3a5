import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const RETENTION = 'Properties.ObjectLockConfiguration.Rule.DefaultRetention';

export const fixtures = ruleFixtures('SBX-LOG-001', [
  cloudFormation('pass', 'the access-log store is locked in COMPLIANCE mode for 365 days'),
  cloudFormation('fail', 'retention lowered to 30 days', (t) => {
    t.Resources.AccessLogStore.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days = 30;
  }, { resource: 'AccessLogStore', path: `${RETENTION}.Days` }),
  cloudFormation('fail', 'retention and its tag both lowered: the legal floor still holds', (t) => {
    const p = t.Resources.AccessLogStore.Properties;
    p.ObjectLockConfiguration.Rule.DefaultRetention.Days = 90;
    p.Tags.find((x: { Key: string }) => x.Key === 'sandbox:retention-days').Value = '90';
  }, { resource: 'AccessLogStore', path: `${RETENTION}.Days` }),
  cloudFormation('fail', 'GOVERNANCE mode, which privileged users can bypass', (t) => {
    t.Resources.AccessLogStore.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode = 'GOVERNANCE';
  }, { resource: 'AccessLogStore', path: `${RETENTION}.Mode` }),
  cloudFormation('fail', 'Object Lock not enabled', (t) => {
    delete t.Resources.AccessLogStore.Properties.ObjectLockEnabled;
  }, { resource: 'AccessLogStore', path: 'Properties.ObjectLockEnabled' }),
  terraform('pass', 'aws_s3_bucket_object_lock_configuration with 365 days COMPLIANCE'),
  terraform('fail', 'retention lowered to 100 days', (c) => {
    c.resource.aws_s3_bucket_object_lock_configuration.log_access_logs_object_lock.rule.default_retention.days = 100;
  }, { resource: 'aws_s3_bucket_object_lock_configuration.log_access_logs_object_lock', path: 'rule.default_retention.days' }),
  terraform('fail', 'the lock configuration removed', (c) => {
    delete c.resource.aws_s3_bucket_object_lock_configuration;
  }, { resource: 'aws_s3_bucket.log_access_logs', path: 'object_lock_configuration' }),
  cloudFormation('unknown', 'the default retention of a log store chosen by Fn::If', (t) => {
    const rule = t.Resources.AccessLogStore.Properties.ObjectLockConfiguration.Rule;
    rule.DefaultRetention = { 'Fn::If': ['Long', rule.DefaultRetention, { Mode: 'GOVERNANCE', Days: 1 }] };
  }, { resource: 'AccessLogStore', path: 'Properties.ObjectLockConfiguration.Rule.DefaultRetention' }),
]);
