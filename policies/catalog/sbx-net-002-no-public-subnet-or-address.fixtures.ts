import { cloudFormation, terraform } from './fixtures/cases.ts';
import { ruleFixtures } from './fixtures/fixture-case.ts';

export const fixtures = ruleFixtures('SBX-NET-002', [
  cloudFormation('pass', 'isolated subnet without public IPs'),
  cloudFormation('fail', 'the subnet maps public IPs on launch', (t) => {
    t.Resources.Subnet.Properties.MapPublicIpOnLaunch = true;
  }, { resource: 'Subnet', path: 'Properties.MapPublicIpOnLaunch' }),
  cloudFormation('fail', 'an Elastic IP', (t) => {
    t.Resources.Eip = { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } };
  }, { resource: 'Eip' }),
  terraform('pass', 'map_public_ip_on_launch false'),
  terraform('fail', 'map_public_ip_on_launch true', (c) => {
    c.resource.aws_subnet.isolated_a.map_public_ip_on_launch = true;
  }, { resource: 'aws_subnet.isolated_a', path: 'map_public_ip_on_launch' }),
  cloudFormation('fail', 'an internet-facing application load balancer', (t) => {
    t.Resources.Lb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: [{ Ref: 'Subnet' }] } };
  }, { resource: 'Lb', path: 'Properties.Scheme' }),
  cloudFormation('fail', 'a load balancer without Scheme (CloudFormation’s default is internet-facing)', (t) => {
    t.Resources.Lb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: [{ Ref: 'Subnet' }] } };
  }, { resource: 'Lb', path: 'Properties.Scheme' }),
  cloudFormation('pass', 'an internal load balancer', (t) => {
    t.Resources.Lb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: [{ Ref: 'Subnet' }] } };
  }),
  cloudFormation('fail', 'a publicly accessible database', (t) => {
    t.Resources.Db = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.t3.micro', PubliclyAccessible: true } };
  }, { resource: 'Db', path: 'Properties.PubliclyAccessible' }),
  cloudFormation('unknown', 'a launch template whose data is chosen by Fn::If', (t) => {
    t.Resources.Template = { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { 'Fn::If': ['Public', { NetworkInterfaces: [{ AssociatePublicIpAddress: true }] }, {}] } } };
  }, { resource: 'Template', path: 'Properties.LaunchTemplateData' }),
  terraform('fail', 'an aws_lb with internal false', (c) => {
    c.resource.aws_lb = { web: { internal: false, load_balancer_type: 'application', subnets: ['${aws_subnet.isolated_a.id}'] } };
  }, { resource: 'aws_lb.web', path: 'internal' }),
  terraform('fail', 'an aws_lb without internal (Terraform’s default is internet-facing)', (c) => {
    c.resource.aws_lb = { web: { load_balancer_type: 'network', subnets: ['${aws_subnet.isolated_a.id}'] } };
  }, { resource: 'aws_lb.web', path: 'internal' }),
  terraform('pass', 'an internal aws_lb', (c) => {
    c.resource.aws_lb = { web: { internal: true, load_balancer_type: 'application', subnets: ['${aws_subnet.isolated_a.id}'] } };
  }),
  terraform('fail', 'a publicly accessible aws_db_instance', (c) => {
    c.resource.aws_db_instance = { db: { engine: 'postgres', instance_class: 'db.t3.micro', publicly_accessible: true } };
  }, { resource: 'aws_db_instance.db', path: 'publicly_accessible' }),
]);
