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
]);
