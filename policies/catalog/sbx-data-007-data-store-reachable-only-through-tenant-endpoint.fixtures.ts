import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-DATA-007', [
  cloudFormation('pass', 'the data store denies requests not from the tenant’s S3 endpoint'),
  cloudFormation('fail', 'the endpoint statement removed', (t) => {
    t.Resources.DataBucketPolicy.Properties.PolicyDocument.Statement.pop();
  }, { resource: 'DataBucketPolicy', path: 'Properties.PolicyDocument' }),
  terraform('pass', 'the endpoint statement names aws_vpc_endpoint.endpoint_s3'),
  terraform('fail', 'the condition turned into StringEquals (denies only the endpoint)', (c) => {
    c.resource.aws_s3_bucket_policy.datasets_policy.policy = c.resource.aws_s3_bucket_policy.datasets_policy.policy.replace('StringNotEquals', 'StringEquals');
  }, { resource: 'aws_s3_bucket_policy.datasets_policy', path: 'policy' }),
]);
