import { cloudFormation, kubernetes, object, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-TAG-001', [
  cloudFormation('pass', 'every taggable resource tagged for demo-tenant'),
  cloudFormation('fail', 'the tenant tag dropped from the data bucket', (t) => {
    const p = t.Resources.DataBucket.Properties;
    p.Tags = p.Tags.filter((x: { Key: string }) => x.Key !== 'sandbox:tenant');
  }, { resource: 'DataBucket', path: 'Properties.Tags' }),
  cloudFormation('fail', 'a trail tagged for another tenant', (t) => {
    t.Resources.Trail.Properties.Tags.find((x: { Key: string }) => x.Key === 'sandbox:tenant').Value = 'other-tenant';
  }, { resource: 'Trail', path: 'Properties.Tags' }),
  terraform('pass', 'provider default_tags'),
  terraform('fail', 'default_tags removed from the provider', (c) => {
    delete c.provider.aws[0].default_tags;
  }, { resource: 'aws_s3_bucket.datasets', path: 'tags' }),
  kubernetes('pass', 'tenant labels on every object'),
  kubernetes('fail', 'the Job without its tenant label', (o) => {
    delete object(o, 'Job').metadata.labels['sandbox/tenant'];
  }, { resource: 'Job/sbx-demo-tenant/load-data', path: 'metadata.labels' }),
]);
