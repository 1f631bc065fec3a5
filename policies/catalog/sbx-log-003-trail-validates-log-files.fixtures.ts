import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-LOG-003', [
  cloudFormation('pass', 'logging with validation'),
  cloudFormation('fail', 'log-file validation off', (t) => {
    t.Resources.Trail.Properties.EnableLogFileValidation = false;
  }, { resource: 'Trail', path: 'Properties.EnableLogFileValidation' }),
  cloudFormation('fail', 'the trail stopped', (t) => {
    t.Resources.Trail.Properties.IsLogging = false;
  }, { resource: 'Trail', path: 'Properties.IsLogging' }),
  terraform('pass', 'enable_log_file_validation true'),
  terraform('fail', 'enable_log_file_validation missing', (c) => {
    delete c.resource.aws_cloudtrail.trail.enable_log_file_validation;
  }, { resource: 'aws_cloudtrail.trail', path: 'enable_log_file_validation' }),
]);
