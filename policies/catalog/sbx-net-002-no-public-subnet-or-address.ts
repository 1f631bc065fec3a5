import type { Resource } from '../model/resource.ts';
import { at, blocks, booleanOf, type Value } from '../model/value.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/** Properties that give an address on the internet when true. */
function flag(resource: Resource, path: string, value: Value | undefined, what: string): Evaluation | undefined {
  const v = booleanOf(value);
  if (v === true) return nonCompliant(resource, path, `${what}: nothing in a tenant gets a public IP address`);
  if (typeof v === 'object') return unknown(resource, path, `Whether ${what}`, v);
  return undefined;
}

function* check(context: CheckContext): Iterable<Evaluation> {
  for (const r of context.artifact.resources) {
    const p = r.properties;
    const findings: (Evaluation | undefined)[] = [];
    switch (r.type) {
      case 'AWS::EC2::EIP':
      case 'aws_eip':
        findings.push(nonCompliant(r, '', `${r.type} ${r.id} allocates a public IP address`));
        break;
      case 'AWS::EC2::Subnet':
        findings.push(flag(r, 'MapPublicIpOnLaunch', p.MapPublicIpOnLaunch, 'the subnet assigns public IPs on launch'));
        break;
      case 'aws_subnet':
        findings.push(flag(r, 'map_public_ip_on_launch', p.map_public_ip_on_launch, 'the subnet assigns public IPs on launch'));
        break;
      case 'AWS::EC2::Instance':
        blocks(p.NetworkInterfaces).forEach((n, i) => findings.push(flag(r, `NetworkInterfaces[${i}].AssociatePublicIpAddress`, n.AssociatePublicIpAddress, 'the instance gets a public IP')));
        break;
      case 'AWS::EC2::LaunchTemplate':
        blocks(at(p, 'LaunchTemplateData', 'NetworkInterfaces')).forEach((n, i) =>
          findings.push(flag(r, `LaunchTemplateData.NetworkInterfaces[${i}].AssociatePublicIpAddress`, n.AssociatePublicIpAddress, 'instances from this template get a public IP')),
        );
        break;
      case 'aws_instance':
        findings.push(flag(r, 'associate_public_ip_address', p.associate_public_ip_address, 'the instance gets a public IP'));
        break;
      case 'aws_launch_template':
        blocks(p.network_interfaces).forEach((n, i) => findings.push(flag(r, `network_interfaces[${i}].associate_public_ip_address`, n.associate_public_ip_address, 'instances from this template get a public IP')));
        break;
      default:
        continue;
    }
    const real = findings.filter((f): f is Evaluation => f !== undefined);
    if (real.length > 0) yield* real;
    else yield compliant(r, '');
  }
}

export const rule: RuleDefinition = {
  id: 'SBX-NET-002',
  title: 'No public subnet, public IP or Elastic IP in the tenant',
  rationale: 'A public address makes a tenant resource reachable from the internet the moment a route exists; the isolated environment of AI Act Art. 59(1)(d) has none.',
  remediation: 'Use isolated subnets with MapPublicIpOnLaunch false, no Elastic IPs, and AssociatePublicIpAddress false on instances and launch templates.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'nen-7510-8-20', 'nen-7510-8-22'],
  crossReferences: {
    cdkNag: ['VPCSubnetAutoAssignPublicIpDisabled', 'EC2InstanceNoPublicIp'],
    controlTower: ['CT.EC2.PR.8', 'CT.EC2.PR.9', 'CT.EC2.PR.11'],
    checkov: ['CKV_AWS_130', 'CKV_AWS_88'],
  },
  implementations: { cloudformation: check, terraform: check },
};
