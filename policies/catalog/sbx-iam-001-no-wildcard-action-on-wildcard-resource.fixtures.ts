import { cloudFormation, kubernetes, object, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

const admin = { Effect: 'Allow', Action: '*', Resource: '*' };

export const fixtures = ruleFixtures('SBX-IAM-001', [
  cloudFormation('pass', 'listed actions on the tenant’s bucket; the key policy’s kms:* is scoped to KMS'),
  cloudFormation('fail', 'an inline policy granting * on *', (t) => {
    t.Resources.InnovatorRole.Properties.Policies[0].PolicyDocument.Statement.push(admin);
  }, { resource: 'InnovatorRole', path: 'Properties.Policies[0].PolicyDocument.Statement[1]' }),
  cloudFormation('fail', 'a managed policy with Allow NotAction on *', (t) => {
    t.Resources.Escape = { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] } } };
  }, { resource: 'Escape', path: 'Properties.PolicyDocument.Statement[0]' }),
  terraform('pass', 'listed actions'),
  terraform('fail', 'a role policy granting * on *', (c) => {
    c.resource.aws_iam_role_policy.person_u_100_grants.policy = JSON.stringify({ Version: '2012-10-17', Statement: [admin] });
  }, { resource: 'aws_iam_role_policy.person_u_100_grants', path: 'policy.Statement[0]' }),
  kubernetes('pass', 'a Role with listed verbs on jobs'),
  kubernetes('fail', 'a Role with every verb on every resource', (o) => {
    object(o, 'Role').rules = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];
  }, { resource: 'Role/sbx-demo-tenant/sandbox-innovator', path: 'rules[0]' }),
  cloudFormation('unknown', 'an action from a parameter on Resource "*"', (t) => {
    t.Parameters = { Act: { Type: 'String' } };
    t.Resources.InnovatorRole.Properties.Policies[0].PolicyDocument.Statement.push({ Effect: 'Allow', Action: { Ref: 'Act' }, Resource: '*' });
  }, { resource: 'InnovatorRole', path: 'Properties.Policies[0].PolicyDocument.Statement[1]' }),
  cloudFormation('unknown', 'the statements of an inline policy chosen by Fn::If', (t) => {
    t.Resources.InnovatorRole.Properties.Policies[0].PolicyDocument.Statement = { 'Fn::If': ['Admin', [admin], []] };
  }, { resource: 'InnovatorRole', path: 'Properties.Policies[0].PolicyDocument.Statement' }),
  cloudFormation('unknown', 'one statement chosen by Fn::If', (t) => {
    t.Resources.InnovatorRole.Properties.Policies[0].PolicyDocument.Statement.push({ 'Fn::If': ['Admin', admin, { Ref: 'AWS::NoValue' }] });
  }, { resource: 'InnovatorRole', path: 'Properties.Policies[0].PolicyDocument.Statement[1]' }),
  cloudFormation('unknown', 'the inline policies chosen by Fn::If', (t) => {
    t.Resources.InnovatorRole.Properties.Policies = { 'Fn::If': ['Admin', [{ PolicyName: 'admin', PolicyDocument: { Statement: [admin] } }], []] };
  }, { resource: 'InnovatorRole', path: 'Properties.Policies' }),
  terraform('unknown', 'a policy document whose actions are a variable, on every resource', (c) => {
    c.data.aws_iam_policy_document = { grants: { statement: [{ effect: 'Allow', actions: '${var.actions}', resources: ['*'] }] } };
    c.resource.aws_iam_role_policy.person_u_100_grants.policy = '${data.aws_iam_policy_document.grants.json}';
  }, { resource: 'data.aws_iam_policy_document.grants', path: 'statement[0]' }),
  terraform('fail', 'a dynamic statement block granting * on *', (c) => {
    c.data.aws_iam_policy_document = { grants: { dynamic: { statement: { for_each: '${var.admins}', content: { effect: 'Allow', actions: ['*'], resources: ['*'] } } } } };
    c.resource.aws_iam_role_policy.person_u_100_grants.policy = '${data.aws_iam_policy_document.grants.json}';
  }, { resource: 'data.aws_iam_policy_document.grants', path: 'dynamic.statement.content' }),
  terraform('unknown', 'a dynamic statement block whose actions come from its iterator', (c) => {
    c.data.aws_iam_policy_document = { grants: { dynamic: { statement: { for_each: '${var.grants}', content: { effect: 'Allow', actions: '${statement.value.actions}', resources: ['*'] } } } } };
    c.resource.aws_iam_role_policy.person_u_100_grants.policy = '${data.aws_iam_policy_document.grants.json}';
  }, { resource: 'data.aws_iam_policy_document.grants', path: 'dynamic.statement.content' }),
  cloudFormation('unknown', 'every action on a resource from a parameter', (t) => {
    t.Parameters = { Target: { Type: 'String' } };
    t.Resources.InnovatorRole.Properties.Policies[0].PolicyDocument.Statement.push({ Effect: 'Allow', Action: '*', Resource: { Ref: 'Target' } });
  }, { resource: 'InnovatorRole', path: 'Properties.Policies[0].PolicyDocument.Statement[1]' }),
  cloudFormation('pass', 'every S3 action on the tenant’s bucket by reference (a resource of the artifact is never "*")', (t) => {
    t.Resources.InnovatorRole.Properties.Policies[0].PolicyDocument.Statement.push({ Effect: 'Allow', Action: 's3:*', Resource: { 'Fn::GetAtt': ['DataBucket', 'Arn'] } });
  }),
]);
