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
]);
