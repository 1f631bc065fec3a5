import type { Resource } from '../model/resource.ts';
import { at, booleanOf, isUnresolved, literalString, nestedBlocks, type Value } from '../model/value.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

/** Properties that give an address on the internet when true. */
function flag(resource: Resource, path: string, value: Value | undefined, what: string): Evaluation | undefined {
  const v = booleanOf(value);
  if (v === true) return nonCompliant(resource, path, `${what}: nothing in a tenant gets a public IP address`);
  if (typeof v === 'object') return unknown(resource, path, `Whether ${what}`, v);
  return undefined;
}

/** Network interfaces of an instance or launch template, each judged for a public IP; what only the deploy tells is UNKNOWN. */
function interfaces(resource: Resource, body: Value | undefined, key: string, base: string, flagKey: string, what: string): (Evaluation | undefined)[] {
  const found = nestedBlocks(body, key, base);
  return [
    ...found.blocks.map((n) => flag(resource, `${n.path}.${flagKey}`, n.block[flagKey], what)),
    ...found.unresolved.map((u) => unknown(resource, u.path, `Whether ${what}`, u.value)),
  ];
}

/**
 * A load balancer's scheme: CloudFormation's and Terraform's default is internet-facing (gateway
 * load balancers have none). `internal` is the Terraform spelling, true meaning not facing out.
 */
function loadBalancer(resource: Resource): Evaluation | undefined {
  const p = resource.properties;
  if (resource.format === 'cloudformation') {
    if (literalString(p.Type) === 'gateway') return undefined;
    const scheme = p.Scheme;
    const text = literalString(scheme);
    if (scheme === undefined || text === 'internet-facing') return nonCompliant(resource, 'Scheme', `load balancer ${resource.id} is internet-facing${scheme === undefined ? ' (no Scheme: CloudFormation’s default)' : ''}: it gets public addresses and takes traffic from the internet`);
    if (isUnresolved(scheme)) return unknown(resource, 'Scheme', 'Whether the load balancer is internet-facing', scheme);
    return undefined;
  }
  if (literalString(p.load_balancer_type) === 'gateway') return undefined;
  const internal = booleanOf(p.internal);
  if (internal === true) return undefined;
  if (typeof internal === 'object') return unknown(resource, 'internal', 'Whether the load balancer is internet-facing', internal);
  return nonCompliant(resource, 'internal', `load balancer ${resource.id} is internet-facing (internal ${internal === false ? 'false' : 'not set: Terraform’s default is false'}): it gets public addresses and takes traffic from the internet`);
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
        findings.push(...interfaces(r, p, 'NetworkInterfaces', '', 'AssociatePublicIpAddress', 'the instance gets a public IP'));
        break;
      case 'AWS::EC2::LaunchTemplate':
        findings.push(...interfaces(r, at(p, 'LaunchTemplateData'), 'NetworkInterfaces', 'LaunchTemplateData', 'AssociatePublicIpAddress', 'instances from this template get a public IP'));
        break;
      case 'aws_instance':
        findings.push(flag(r, 'associate_public_ip_address', p.associate_public_ip_address, 'the instance gets a public IP'));
        break;
      case 'aws_launch_template':
        findings.push(...interfaces(r, p, 'network_interfaces', '', 'associate_public_ip_address', 'instances from this template get a public IP'));
        break;
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      case 'AWS::ElasticLoadBalancing::LoadBalancer':
      case 'aws_lb':
      case 'aws_alb':
      case 'aws_elb':
        findings.push(loadBalancer(r));
        break;
      case 'AWS::RDS::DBInstance':
      case 'AWS::RDS::DBCluster':
        findings.push(flag(r, 'PubliclyAccessible', p.PubliclyAccessible, 'the database is publicly accessible'));
        break;
      case 'aws_db_instance':
      case 'aws_rds_cluster_instance':
        findings.push(flag(r, 'publicly_accessible', p.publicly_accessible, 'the database is publicly accessible'));
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
  title: 'No public subnet, public IP, Elastic IP, internet-facing load balancer or publicly accessible database in the tenant',
  rationale:
    'A public address makes a tenant resource reachable from the internet the moment a route exists; the isolated environment of AI Act Art. 59(1)(d) has none. An internet-facing load balancer and a publicly accessible database are given such addresses by AWS. Left out, because the artifact alone does not show them: a database whose PubliclyAccessible is unset (its default depends on the subnet group), and other services with public endpoints (API Gateway, OpenSearch, EKS endpoints, Lambda URLs).',
  remediation: 'Use isolated subnets with MapPublicIpOnLaunch false, no Elastic IPs, AssociatePublicIpAddress false on instances and launch templates, internal load balancers (Scheme internal; Terraform internal = true) and PubliclyAccessible false on databases.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'nen-7510-8-20', 'nen-7510-8-22'],
  crossReferences: {
    cdkNag: ['VPCSubnetAutoAssignPublicIpDisabled', 'EC2InstanceNoPublicIp', 'RDSInstancePublicAccess'],
    controlTower: ['CT.EC2.PR.8', 'CT.EC2.PR.9', 'CT.EC2.PR.11', 'CT.RDS.PR.23'],
    checkov: ['CKV_AWS_130', 'CKV_AWS_88', 'CKV_AWS_17'],
  },
  implementations: { cloudformation: check, terraform: check },
};
