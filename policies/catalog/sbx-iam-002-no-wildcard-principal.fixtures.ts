import { cloudFormation, kubernetes, object, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

/** A trust policy a deploy-time condition may open to everyone: nothing before the deploy can tell. */
const openUnless = (closed: unknown) => ({ 'Fn::If': ['OpenForDemo', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }, closed] });

export const fixtures = ruleFixtures('SBX-IAM-002', [
  cloudFormation('pass', 'account root, a service principal, and Deny statements for everyone'),
  cloudFormation('fail', 'a role anyone may assume', (t) => {
    t.Resources.InnovatorRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal = { AWS: '*' };
  }, { resource: 'InnovatorRole', path: 'Properties.AssumeRolePolicyDocument.Statement[0]' }),
  cloudFormation('fail', 'a key policy that lets everyone decrypt', (t) => {
    t.Resources.DataKey.Properties.KeyPolicy.Statement.push({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' });
  }, { resource: 'DataKey', path: 'Properties.KeyPolicy.Statement[1]' }),
  cloudFormation('unknown', 'a trust policy chosen by Fn::If, one branch allowing Principal "*"', (t) => {
    t.Conditions = { OpenForDemo: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-central-1'] } };
    const role = t.Resources.InnovatorRole.Properties;
    role.AssumeRolePolicyDocument = openUnless(role.AssumeRolePolicyDocument);
  }, { resource: 'InnovatorRole', path: 'Properties.AssumeRolePolicyDocument' }),
  cloudFormation('unknown', 'a trust statement whose principal is chosen by Fn::If', (t) => {
    const statement = t.Resources.InnovatorRole.Properties.AssumeRolePolicyDocument.Statement[0];
    statement.Principal = { 'Fn::If': ['OpenForDemo', '*', statement.Principal] };
  }, { resource: 'InnovatorRole', path: 'Properties.AssumeRolePolicyDocument.Statement[0]' }),
  terraform('pass', 'named principals only'),
  terraform('unknown', 'a trust policy read from a file (assume_role_policy = "${file(…)}")', (c) => {
    c.resource.aws_iam_role.person_u_100.assume_role_policy = '${file("${path.module}/trust.json")}';
  }, { resource: 'aws_iam_role.person_u_100', path: 'assume_role_policy' }),
  terraform('fail', 'a bucket policy allowing Principal "*"', (c) => {
    const doc = JSON.parse(c.resource.aws_s3_bucket_policy.datasets_policy.policy);
    doc.Statement.push({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '${aws_s3_bucket.datasets.arn}/*' });
    c.resource.aws_s3_bucket_policy.datasets_policy.policy = JSON.stringify(doc);
  }, { resource: 'aws_s3_bucket_policy.datasets_policy', path: 'policy.Statement[2]' }),
  terraform('fail', 'an aws_iam_policy_document with principals type "*"', (c) => {
    c.data.aws_iam_policy_document = {
      open: { statement: [{ effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: '*', identifiers: ['*'] }] }] },
    };
    c.resource.aws_iam_role.person_u_100.assume_role_policy = '${data.aws_iam_policy_document.open.json}';
  }, { resource: 'data.aws_iam_policy_document.open', path: 'statement[0]' }),
  kubernetes('pass', 'bound to a named user'),
  kubernetes('fail', 'bound to every authenticated user', (o) => {
    object(o, 'RoleBinding').subjects.push({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' });
  }, { resource: 'RoleBinding/sbx-demo-tenant/sandbox-innovator', path: 'subjects[1].name' }),
  cloudFormation('fail', 'a key policy that allows everyone but one account (NotPrincipal)', (t) => {
    t.Resources.DataKey.Properties.KeyPolicy.Statement.push({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:Decrypt', Resource: '*' });
  }, { resource: 'DataKey', path: 'Properties.KeyPolicy.Statement[1]' }),
  cloudFormation('pass', 'a Deny for everyone but the account (NotPrincipal narrows, it does not open)', (t) => {
    t.Resources.DataKey.Properties.KeyPolicy.Statement.push({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:Decrypt', Resource: '*' });
  }),
  cloudFormation('unknown', 'trust statements chosen by Fn::If', (t) => {
    const doc = t.Resources.InnovatorRole.Properties.AssumeRolePolicyDocument;
    doc.Statement = { 'Fn::If': ['OpenForDemo', [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }], doc.Statement] };
  }, { resource: 'InnovatorRole', path: 'Properties.AssumeRolePolicyDocument.Statement' }),
  terraform('fail', 'a bucket policy allowing everyone but one account (NotPrincipal)', (c) => {
    const doc = JSON.parse(c.resource.aws_s3_bucket_policy.datasets_policy.policy);
    doc.Statement.push({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:GetObject', Resource: '${aws_s3_bucket.datasets.arn}/*' });
    c.resource.aws_s3_bucket_policy.datasets_policy.policy = JSON.stringify(doc);
  }, { resource: 'aws_s3_bucket_policy.datasets_policy', path: 'policy.Statement[2]' }),
  terraform('fail', 'an aws_iam_policy_document allowing everyone but the account (not_principals)', (c) => {
    c.data.aws_iam_policy_document = {
      open: { statement: [{ effect: 'Allow', actions: ['sts:AssumeRole'], not_principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::111111111111:root'] }] }] },
    };
    c.resource.aws_iam_role.person_u_100.assume_role_policy = '${data.aws_iam_policy_document.open.json}';
  }, { resource: 'data.aws_iam_policy_document.open', path: 'statement[0]' }),
]);
