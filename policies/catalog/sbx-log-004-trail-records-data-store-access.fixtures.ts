import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-LOG-004', [
  cloudFormation('pass', 'S3 data events on the data store'),
  cloudFormation('pass', 'an advanced selector on every S3 object', (t) => {
    delete t.Resources.Trail.Properties.EventSelectors;
    t.Resources.Trail.Properties.AdvancedEventSelectors = [
      { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
    ];
  }),
  cloudFormation('fail', 'no data events', (t) => {
    delete t.Resources.Trail.Properties.EventSelectors;
  }, { resource: 'DataBucket' }),
  cloudFormation('fail', 'writes only: reads of patient data go unrecorded', (t) => {
    t.Resources.Trail.Properties.EventSelectors[0].ReadWriteType = 'WriteOnly';
  }, { resource: 'Trail', path: 'Properties.EventSelectors[0].DataResources[0].Values' }),
  terraform('pass', 'event_selector on the data store'),
  terraform('fail', 'event selector for another bucket only', (c) => {
    c.resource.aws_cloudtrail.trail.event_selector[0].data_resource[0].values = ['${aws_s3_bucket.server_access_logs.arn}/'];
  }, { resource: 'aws_s3_bucket.datasets' }),
]);
