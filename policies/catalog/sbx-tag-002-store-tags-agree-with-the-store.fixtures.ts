import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const setTag = (resource: { Properties: { Tags: { Key: string; Value: string }[] } }, key: string, value: string) => {
  resource.Properties.Tags = [...resource.Properties.Tags.filter((t) => t.Key !== key), { Key: key, Value: value }];
};

export const fixtures = ruleFixtures('SBX-TAG-002', [
  cloudFormation('pass', 'each store tagged as what its name says'),
  cloudFormation('pass', 'no store tags at all: the names tell', (t) => {
    for (const r of Object.values(t.Resources as Record<string, { Type: string; Properties: { Tags?: { Key: string }[] } }>)) {
      if (r.Type === 'AWS::S3::Bucket') r.Properties.Tags = r.Properties.Tags!.filter((x) => !x.Key.startsWith('sandbox:store') && x.Key !== 'sandbox:retention-class');
    }
  }),
  cloudFormation('fail', 'a data store tagged as server access logs', (t) => {
    setTag(t.Resources.DataBucket, 'sandbox:store-kind', 'server-access-logs');
  }, { resource: 'DataBucket', path: 'Properties.Tags' }),
  cloudFormation('fail', 'the access-log store relabelled as the documentation class', (t) => {
    setTag(t.Resources.AccessLogStore, 'sandbox:retention-class', 'ai-system-logs');
  }, { resource: 'AccessLogStore', path: 'Properties.Tags' }),
  cloudFormation('fail', 'a bucket named as the server-access-log store that no bucket logs to', (t) => {
    delete t.Resources.DataBucket.Properties.LoggingConfiguration;
  }, { resource: 'AccessLogBucket', path: 'Properties.Tags' }),
  cloudFormation('fail', 'a second bucket claiming to be the server-access-log store', (t) => {
    t.Resources.SecondAccessLogBucket = JSON.parse(JSON.stringify(t.Resources.AccessLogBucket));
    t.Resources.SecondAccessLogBucket.Properties.BucketName = 'sbx-111122223333-demo-tenant-s3logs';
    t.Resources.AccessLogStore.Properties.LoggingConfiguration = { DestinationBucketName: { Ref: 'SecondAccessLogBucket' } };
  }, { resource: 'AccessLogBucket', path: 'Properties.Tags' }),
  terraform('pass', 'each store tagged as what its name says'),
  terraform('fail', 'a data store tagged as a log store', (c) => {
    c.resource.aws_s3_bucket.datasets.tags['sandbox:store-kind'] = 'log-store';
  }, { resource: 'aws_s3_bucket.datasets', path: 'tags' }),
]);
