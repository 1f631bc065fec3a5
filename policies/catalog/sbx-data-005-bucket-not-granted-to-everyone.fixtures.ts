import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const publicRead = { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } };

export const fixtures = ruleFixtures('SBX-DATA-005', [
  cloudFormation('pass', 'no ACLs; only Deny statements and a service principal'),
  cloudFormation('fail', 'a PublicRead canned ACL', (t) => {
    t.Resources.DataBucket.Properties.AccessControl = 'PublicRead';
  }, { resource: 'DataBucket', path: 'Properties.AccessControl' }),
  cloudFormation('fail', 'an Allow for Principal "*", even with a condition', (t) => {
    t.Resources.DataBucketPolicy.Properties.PolicyDocument.Statement.push(publicRead);
  }, { resource: 'DataBucketPolicy', path: 'Properties.PolicyDocument.Statement[2]' }),
  cloudFormation('unknown', 'a second bucket policy chosen by Fn::If beside the readable one that requires TLS', (t) => {
    t.Resources.DataBucketExtraPolicy = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: { Bucket: { Ref: 'DataBucket' }, PolicyDocument: { 'Fn::If': ['Share', { Statement: [publicRead] }, { Ref: 'AWS::NoValue' }] } },
    };
  }, { resource: 'DataBucketExtraPolicy', path: 'Properties.PolicyDocument' }),
  cloudFormation('unknown', 'an Allow whose principal is a parameter', (t) => {
    t.Parameters = { Reader: { Type: 'String' } };
    t.Resources.DataBucketPolicy.Properties.PolicyDocument.Statement.push({ ...publicRead, Principal: { AWS: { Ref: 'Reader' } } });
  }, { resource: 'DataBucketPolicy', path: 'Properties.PolicyDocument.Statement[2]' }),
  terraform('pass', 'no ACL resources'),
  terraform('unknown', 'the bucket’s own policy argument read from a file, beside the readable bucket policy', (c) => {
    c.resource.aws_s3_bucket.datasets.policy = '${file("bucket-policy.json")}';
  }, { resource: 'aws_s3_bucket.datasets', path: 'policy' }),
  terraform('fail', 'an aws_s3_bucket_acl public-read', (c) => {
    c.resource.aws_s3_bucket_acl = { datasets_acl: { bucket: '${aws_s3_bucket.datasets.id}', acl: 'public-read' } };
  }, { resource: 'aws_s3_bucket_acl.datasets_acl', path: 'acl' }),
  terraform('fail', 'an Allow for Principal "*" in the JSON policy', (c) => {
    const doc = JSON.parse(c.resource.aws_s3_bucket_policy.datasets_policy.policy);
    doc.Statement.push(publicRead);
    c.resource.aws_s3_bucket_policy.datasets_policy.policy = JSON.stringify(doc);
  }, { resource: 'aws_s3_bucket_policy.datasets_policy', path: 'policy.Statement[2]' }),
  cloudFormation('fail', 'an Allow with NotPrincipal: everyone but one account', (t) => {
    t.Resources.DataBucketPolicy.Properties.PolicyDocument.Statement.push({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:GetObject', Resource: '*' });
  }, { resource: 'DataBucketPolicy', path: 'Properties.PolicyDocument.Statement[2]' }),
  terraform('fail', 'an Allow with NotPrincipal in the JSON policy', (c) => {
    const doc = JSON.parse(c.resource.aws_s3_bucket_policy.datasets_policy.policy);
    doc.Statement.push({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:GetObject', Resource: '${aws_s3_bucket.datasets.arn}/*' });
    c.resource.aws_s3_bucket_policy.datasets_policy.policy = JSON.stringify(doc);
  }, { resource: 'aws_s3_bucket_policy.datasets_policy', path: 'policy.Statement[2]' }),
  cloudFormation('unknown', 'a bucket policy statement chosen by Fn::If', (t) => {
    t.Resources.DataBucketPolicy.Properties.PolicyDocument.Statement.push({ 'Fn::If': ['Share', publicRead, { Ref: 'AWS::NoValue' }] });
  }, { resource: 'DataBucketPolicy', path: 'Properties.PolicyDocument.Statement[2]' }),
]);
