import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-IAM-003', [
  cloudFormation('pass', 'the person role demands MFA'),
  cloudFormation('pass', 'a service role needs no MFA', (t) => {
    t.Resources.FlowLogsRole = {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    };
  }),
  cloudFormation('fail', 'the MFA condition dropped', (t) => {
    delete t.Resources.InnovatorRole.Properties.AssumeRolePolicyDocument.Statement[0].Condition;
  }, { resource: 'InnovatorRole', path: 'Properties.AssumeRolePolicyDocument.Statement[0]' }),
  cloudFormation('unknown', 'a trust policy chosen by Fn::If', (t) => {
    const role = t.Resources.InnovatorRole.Properties;
    role.AssumeRolePolicyDocument = { 'Fn::If': ['Strict', role.AssumeRolePolicyDocument, { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }] };
  }, { resource: 'InnovatorRole', path: 'Properties.AssumeRolePolicyDocument' }),
  terraform('pass', 'the person role demands MFA'),
  terraform('unknown', 'a trust policy read from a file', (c) => {
    c.resource.aws_iam_role.person_u_100.assume_role_policy = '${file("trust.json")}';
  }, { resource: 'aws_iam_role.person_u_100', path: 'assume_role_policy' }),
  terraform('fail', 'MFA only if present (BoolIfExists lets sessions without MFA in)', (c) => {
    c.resource.aws_iam_role.person_u_100.assume_role_policy = c.resource.aws_iam_role.person_u_100.assume_role_policy.replace('"Bool"', '"BoolIfExists"');
  }, { resource: 'aws_iam_role.person_u_100', path: 'assume_role_policy.Statement[0]' }),
  cloudFormation('unknown', 'a trust statement chosen by Fn::If', (t) => {
    const doc = t.Resources.InnovatorRole.Properties.AssumeRolePolicyDocument;
    doc.Statement.push({ 'Fn::If': ['Open', { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }, { Ref: 'AWS::NoValue' }] });
  }, { resource: 'InnovatorRole', path: 'Properties.AssumeRolePolicyDocument.Statement[1]' }),
]);
