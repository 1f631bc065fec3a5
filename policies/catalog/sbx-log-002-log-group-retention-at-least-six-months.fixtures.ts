import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-LOG-002', [
  cloudFormation('pass', '365 days'),
  cloudFormation('pass', 'no retention set: CloudWatch never expires the events', (t) => {
    delete t.Resources.WorkloadLogs.Properties.RetentionInDays;
  }),
  cloudFormation('fail', '90 days', (t) => {
    t.Resources.WorkloadLogs.Properties.RetentionInDays = 90;
  }, { resource: 'WorkloadLogs', path: 'Properties.RetentionInDays' }),
  cloudFormation('fail', '365 days on a log group of a class that needs 3653', (t) => {
    t.Resources.WorkloadLogs.Properties.Tags.push({ Key: 'sandbox:retention-class', Value: 'documentation' });
  }, { resource: 'WorkloadLogs', path: 'Properties.RetentionInDays' }),
  terraform('pass', 'retention_in_days 365'),
  terraform('fail', 'retention_in_days 30', (c) => {
    c.resource.aws_cloudwatch_log_group.workloads.retention_in_days = 30;
  }, { resource: 'aws_cloudwatch_log_group.workloads', path: 'retention_in_days' }),
]);
