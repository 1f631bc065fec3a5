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
  cloudFormation('fail', 'a default route through a NAT instance', (t) => {
    t.Resources.NatRoute = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: 'rtb-1', DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-0123456789abcdef0' } };
  }, { resource: 'NatRoute', path: 'Properties.InstanceId' }),
  cloudFormation('fail', 'an IPv6 default route through a network interface of the artifact', (t) => {
    t.Resources.Appliance = { Type: 'AWS::EC2::NetworkInterface', Properties: { SubnetId: { Ref: 'Subnet' } } };
    t.Resources.ApplianceRoute = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: 'rtb-1', DestinationIpv6CidrBlock: '::/0', NetworkInterfaceId: { Ref: 'Appliance' } } };
  }, { resource: 'ApplianceRoute', path: 'Properties.NetworkInterfaceId' }),
  cloudFormation('fail', 'a route to a carrier gateway', (t) => {
    t.Resources.CarrierRoute = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: 'rtb-1', DestinationCidrBlock: '0.0.0.0/0', CarrierGatewayId: 'cagw-0123456789abcdef0' } };
  }, { resource: 'CarrierRoute', path: 'Properties.CarrierGatewayId' }),
  cloudFormation('pass', 'a route for a private range through a network interface (an inspection appliance, not a way out)', (t) => {
    t.Resources.ApplianceRoute = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: 'rtb-1', DestinationCidrBlock: '10.0.0.0/8', NetworkInterfaceId: 'eni-0123456789abcdef0' } };
  }),
  cloudFormation('unknown', 'a default route to a gateway chosen by a parameter', (t) => {
    t.Parameters = { GatewayId: { Type: 'String' } };
    t.Resources.ParamRoute = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: 'rtb-1', DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'GatewayId' } } };
  }, { resource: 'ParamRoute', path: 'Properties.GatewayId' }),
  cloudFormation('unknown', 'a route through a network interface to a prefix list', (t) => {
    t.Resources.ListRoute = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: 'rtb-1', DestinationPrefixListId: 'pl-0123456789abcdef0', NetworkInterfaceId: 'eni-0123456789abcdef0' } };
  }, { resource: 'ListRoute', path: 'Properties.DestinationPrefixListId' }),
  terraform('unknown', 'a default route to a gateway given by a variable', (c) => {
    c.resource.aws_route = { from_variable: { route_table_id: 'rtb-1', destination_cidr_block: '0.0.0.0/0', gateway_id: '${var.igw}' } };
  }, { resource: 'aws_route.from_variable', path: 'gateway_id' }),
  terraform('fail', 'a route table whose dynamic route block sends traffic to a NAT gateway', (c) => {
    c.resource.aws_route_table = { routes: { vpc_id: '${aws_vpc.vpc.id}', dynamic: { route: { for_each: '${var.routes}', content: { cidr_block: '${route.value}', nat_gateway_id: '${var.nat}' } } } } };
  }, { resource: 'aws_route_table.routes', path: 'dynamic.route.content.nat_gateway_id' }),
  terraform('unknown', 'a route table whose routes are a variable', (c) => {
    c.resource.aws_route_table = { routes: { vpc_id: '${aws_vpc.vpc.id}', route: '${var.routes}' } };
  }, { resource: 'aws_route_table.routes', path: 'route' }),
  terraform('fail', 'a default route through a network interface (a NAT instance)', (c) => {
    c.resource.aws_route = { nat_instance: { route_table_id: 'rtb-1', destination_cidr_block: '0.0.0.0/0', network_interface_id: 'eni-0123456789abcdef0' } };
  }, { resource: 'aws_route.nat_instance', path: 'network_interface_id' }),
  terraform('unknown', 'a module call (the registry VPC module, which may create NAT gateways)', (c) => {
    c.module = { vpc: { source: 'terraform-aws-modules/vpc/aws', enable_nat_gateway: true } };
  }, { resource: 'module.vpc', path: 'source' }),
]);
