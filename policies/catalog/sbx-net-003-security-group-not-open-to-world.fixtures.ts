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
  cloudFormation('fail', 'the internet in two halves, 0.0.0.0/1 and 128.0.0.0/1', (t) => {
    t.Resources.EndpointSecurityGroup.Properties.SecurityGroupIngress.push(
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/1' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '128.0.0.0/1' },
    );
  }, { resource: 'EndpointSecurityGroup', path: 'Properties.SecurityGroupIngress[1].CidrIp' }),
  cloudFormation('fail', 'IPv6 egress to the global unicast space 2000::/3', (t) => {
    t.Resources.EndpointSecurityGroup.Properties.SecurityGroupEgress.push({ IpProtocol: '-1', CidrIpv6: '2000::/3' });
  }, { resource: 'EndpointSecurityGroup', path: 'Properties.SecurityGroupEgress[1].CidrIpv6' }),
  cloudFormation('fail', 'a CIDR that is none (0.0.0.0/0/0)', (t) => {
    t.Resources.EndpointSecurityGroup.Properties.SecurityGroupIngress[0].CidrIp = '0.0.0.0/0/0';
  }, { resource: 'EndpointSecurityGroup', path: 'Properties.SecurityGroupIngress[0].CidrIp' }),
  cloudFormation('pass', 'the whole private 10.0.0.0/8 and unique-local fc00::/7 (wide, but not the internet)', (t) => {
    t.Resources.EndpointSecurityGroup.Properties.SecurityGroupIngress.push(
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: 'fc00::/7' },
    );
  }),
  terraform('pass', 'ingress from the VPC CIDR'),
  terraform('fail', 'the whole IPv4 internet as an IPv4-mapped IPv6 range, ::ffff:0.0.0.0/96', (c) => {
    c.resource.aws_vpc_security_group_ingress_rule.https_from_vpc.cidr_ipv6 = '::ffff:0.0.0.0/96';
    delete c.resource.aws_vpc_security_group_ingress_rule.https_from_vpc.cidr_ipv4;
  }, { resource: 'aws_vpc_security_group_ingress_rule.https_from_vpc', path: 'cidr_ipv6' }),
  terraform('fail', 'the ingress rule opened to 0.0.0.0/0', (c) => {
    c.resource.aws_vpc_security_group_ingress_rule.https_from_vpc.cidr_ipv4 = '0.0.0.0/0';
  }, { resource: 'aws_vpc_security_group_ingress_rule.https_from_vpc', path: 'cidr_ipv4' }),
  terraform('fail', 'an inline egress block to 0.0.0.0/0', (c) => {
    c.resource.aws_security_group.endpoints.egress = [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }];
  }, { resource: 'aws_security_group.endpoints', path: 'egress[0].cidr_blocks[0]' }),
  cloudFormation('unknown', 'the ingress rules chosen by Fn::If, one branch open to 0.0.0.0/0', (t) => {
    t.Conditions = { Open: { 'Fn::Equals': ['a', 'a'] } };
    t.Resources.EndpointSecurityGroup.Properties.SecurityGroupIngress = { 'Fn::If': ['Open', [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }], { Ref: 'AWS::NoValue' }] };
  }, { resource: 'EndpointSecurityGroup', path: 'Properties.SecurityGroupIngress' }),
  cloudFormation('unknown', 'one ingress rule chosen by Fn::If beside a readable one', (t) => {
    t.Resources.EndpointSecurityGroup.Properties.SecurityGroupIngress.push({ 'Fn::If': ['Open', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }, { Ref: 'AWS::NoValue' }] });
  }, { resource: 'EndpointSecurityGroup', path: 'Properties.SecurityGroupIngress[1]' }),
  cloudFormation('unknown', 'the egress rules from a parameter', (t) => {
    t.Parameters = { Egress: { Type: 'CommaDelimitedList' } };
    t.Resources.EndpointSecurityGroup.Properties.SecurityGroupEgress = { Ref: 'Egress' };
  }, { resource: 'EndpointSecurityGroup', path: 'Properties.SecurityGroupEgress' }),
  terraform('fail', 'a dynamic ingress block whose content opens 0.0.0.0/0', (c) => {
    c.resource.aws_security_group.endpoints.dynamic = { ingress: { for_each: '${var.ports}', content: { from_port: '${ingress.value}', to_port: '${ingress.value}', protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] } } };
  }, { resource: 'aws_security_group.endpoints', path: 'dynamic.ingress.content.cidr_blocks[0]' }),
  terraform('unknown', 'a dynamic ingress block whose CIDRs come from its iterator', (c) => {
    c.resource.aws_security_group.endpoints.dynamic = { ingress: { for_each: '${var.rules}', content: { from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: '${ingress.value.cidrs}' } } };
  }, { resource: 'aws_security_group.endpoints', path: 'dynamic.ingress.content.cidr_blocks' }),
  terraform('unknown', 'egress blocks given by a variable', (c) => {
    c.resource.aws_security_group.endpoints.egress = '${var.egress_rules}';
  }, { resource: 'aws_security_group.endpoints', path: 'egress' }),
]);
