import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-NET-001', [
  cloudFormation('pass', 'an isolated VPC'),
  cloudFormation('fail', 'an internet gateway', (t) => {
    t.Resources.Igw = { Type: 'AWS::EC2::InternetGateway', Properties: {} };
    t.Resources.IgwAttachment = { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'Igw' } } };
  }, { resource: 'Igw' }),
  cloudFormation('fail', 'a NAT gateway', (t) => {
    t.Resources.Nat = { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Subnet' }, ConnectivityType: 'private' } };
  }, { resource: 'Nat' }),
  terraform('pass', 'an isolated VPC'),
  terraform('fail', 'a default route to an internet gateway', (c) => {
    c.resource.aws_internet_gateway = { igw: { vpc_id: '${aws_vpc.vpc.id}' } };
    c.resource.aws_route = { to_internet: { route_table_id: 'rtb-1', destination_cidr_block: '0.0.0.0/0', gateway_id: '${aws_internet_gateway.igw.id}' } };
  }, { resource: 'aws_route.to_internet', path: 'gateway_id' }),
]);
