import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-DATA-003', [
  cloudFormation('pass', 'every bucket policy denies aws:SecureTransport false'),
  cloudFormation('fail', 'the data bucket policy without its TLS statement', (t) => {
    t.Resources.DataBucketPolicy.Properties.PolicyDocument.Statement.shift();
  }, { resource: 'DataBucketPolicy', path: 'Properties.PolicyDocument' }),
  cloudFormation('fail', 'a bucket without any policy', (t) => {
    delete t.Resources.AccessLogBucketPolicy;
  }, { resource: 'AccessLogBucket' }),
  terraform('pass', 'TLS-only statements in the JSON policies'),
  terraform('fail', 'the TLS statement denies only on aws:SecureTransport true', (c) => {
    c.resource.aws_s3_bucket_policy.datasets_policy.policy = c.resource.aws_s3_bucket_policy.datasets_policy.policy.replace('"aws:SecureTransport":"false"', '"aws:SecureTransport":"true"');
  }, { resource: 'aws_s3_bucket_policy.datasets_policy', path: 'policy' }),
  terraform('unknown', 'a policy computed by a Terraform function', (c) => {
    c.resource.aws_s3_bucket_policy.datasets_policy.policy = '${file("policy.json")}';
  }, { resource: 'aws_s3_bucket_policy.datasets_policy', path: 'policy' }),
]);
