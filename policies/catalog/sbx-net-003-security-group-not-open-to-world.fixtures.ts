import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-NET-003', [
  cloudFormation('pass', 'HTTPS from the VPC only; CDK’s closed egress placeholder'),
  cloudFormation('fail', 'ingress from 0.0.0.0/0', (t) => {
    t.Resources.EndpointSecurityGroup.Properties.SecurityGroupIngress.push({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' });
  }, { resource: 'EndpointSecurityGroup', path: 'Properties.SecurityGroupIngress[1].CidrIp' }),
  cloudFormation('fail', 'a standalone egress rule to ::/0', (t) => {
    t.Resources.OpenEgress = { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: { Ref: 'EndpointSecurityGroup' }, IpProtocol: '-1', CidrIpv6: '::/0' } };
  }, { resource: 'OpenEgress', path: 'Properties.CidrIpv6' }),
  terraform('pass', 'ingress from the VPC CIDR'),
  terraform('fail', 'the ingress rule opened to 0.0.0.0/0', (c) => {
    c.resource.aws_vpc_security_group_ingress_rule.https_from_vpc.cidr_ipv4 = '0.0.0.0/0';
  }, { resource: 'aws_vpc_security_group_ingress_rule.https_from_vpc', path: 'cidr_ipv4' }),
  terraform('fail', 'an inline egress block to 0.0.0.0/0', (c) => {
    c.resource.aws_security_group.endpoints.egress = [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }];
  }, { resource: 'aws_security_group.endpoints', path: 'egress[0].cidr_blocks[0]' }),
]);
