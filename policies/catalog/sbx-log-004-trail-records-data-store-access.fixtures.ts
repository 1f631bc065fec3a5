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
  cloudFormation('unknown', 'the event selectors chosen by Fn::If', (t) => {
    t.Resources.Trail.Properties.EventSelectors = { 'Fn::If': ['Full', t.Resources.Trail.Properties.EventSelectors, []] };
  }, { resource: 'Trail', path: 'Properties.EventSelectors' }),
  terraform('unknown', 'a dynamic event selector whose buckets come from its iterator', (c) => {
    delete c.resource.aws_cloudtrail.trail.event_selector;
    c.resource.aws_cloudtrail.trail.dynamic = { event_selector: { for_each: '${var.selectors}', content: { read_write_type: 'All', data_resource: [{ type: 'AWS::S3::Object', values: '${event_selector.value}' }] } } };
  }, { resource: 'aws_cloudtrail.trail', path: 'dynamic.event_selector.content.data_resource[0].values' }),
]);
