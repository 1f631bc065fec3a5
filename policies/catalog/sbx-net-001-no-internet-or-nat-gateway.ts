import type { Resource } from '../model/resource.ts';
import { isUnresolved, joinPath, literalString, nestedBlocks, type Value, type ValueObject } from '../model/value.ts';
import { referenced } from '../aws/located.ts';
import { judgeCidr } from '../network/cidr.ts';
import { compliant, nonCompliant, unknown, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

const GATEWAYS = new Set([
  'AWS::EC2::InternetGateway',
  'AWS::EC2::EgressOnlyInternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::CarrierGateway',
  'aws_internet_gateway',
  'aws_egress_only_internet_gateway',
  'aws_nat_gateway',
  'aws_internet_gateway_attachment',
  'aws_ec2_carrier_gateway',
]);

/** Route targets that are a road out by what they are, whatever their value: NAT, egress-only and carrier gateways. */
const ALWAYS_OUT = ['NatGatewayId', 'EgressOnlyInternetGatewayId', 'CarrierGatewayId', 'nat_gateway_id', 'egress_only_gateway_id', 'carrier_gateway_id'];
/** `GatewayId` also takes virtual private gateways (`vgw-`) and `local`: out only if it names an internet gateway. */
const GATEWAY = ['GatewayId', 'gateway_id'];
/** An instance or network interface forwards to the internet when it is a NAT instance: judged by the destination. */
const APPLIANCE = ['InstanceId', 'NetworkInterfaceId', 'instance_id', 'network_interface_id'];
const DESTINATIONS = ['DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'destination_cidr_block', 'destination_ipv6_cidr_block', 'cidr_block', 'ipv6_cidr_block'];
const PREFIX_LISTS = ['DestinationPrefixListId', 'destination_prefix_list_id'];

/** Whether the route's destination reaches the internet: yes, no, or a value only the deploy tells. */
function destination(body: ValueObject, path: string): { verdict: 'internet' | 'bounded' } | { verdict: 'unknown'; path: string; value: Value | undefined; reason?: string } {
  for (const key of PREFIX_LISTS) {
    if (body[key] !== undefined) return { verdict: 'unknown', path: joinPath(path, key), value: body[key], reason: 'a prefix list, whose entries are managed outside this artifact' };
  }
  for (const key of DESTINATIONS) {
    const value = body[key];
    if (value === undefined) continue;
    const text = literalString(value);
    if (text === undefined) return { verdict: 'unknown', path: joinPath(path, key), value };
    if (judgeCidr(text).verdict !== 'bounded') return { verdict: 'internet' };
  }
  return { verdict: 'bounded' };
}

/** One route (an AWS::EC2::Route, an aws_route, or a route block of a route table). */
function judgeRoute(route: Resource, path: string, body: ValueObject, context: CheckContext): Evaluation[] {
  const out: Evaluation[] = [];
  for (const key of ALWAYS_OUT) {
    if (body[key] === undefined) continue;
    const target = referenced(context.artifact, body[key]);
    out.push(nonCompliant(route, joinPath(path, key), `route to ${target?.id ?? literalString(body[key]) ?? key}: a NAT, egress-only or carrier gateway lets traffic leave for the internet`));
  }
  for (const key of GATEWAY) {
    const value = body[key];
    if (value === undefined) continue;
    const target = referenced(context.artifact, value);
    const text = literalString(value);
    if ((target && GATEWAYS.has(target.type)) || (text !== undefined && /^(igw|nat|eigw|cagw)-/.test(text))) {
      out.push(nonCompliant(route, joinPath(path, key), `route to ${target?.id ?? text}: traffic could leave for the internet`));
    } else if (!target && text === undefined && isUnresolved(value)) {
      out.push(unknown(route, joinPath(path, key), 'Whether the route leads to an internet gateway', value));
    }
  }
  for (const key of APPLIANCE) {
    const value = body[key];
    if (value === undefined) continue;
    const reach = destination(body, path);
    const via = referenced(context.artifact, value)?.id ?? literalString(value) ?? key;
    if (reach.verdict === 'internet') out.push(nonCompliant(route, joinPath(path, key), `a route to the internet's addresses through ${via}: an instance or network interface in that place is a NAT instance or appliance that forwards traffic out`));
    else if (reach.verdict === 'unknown') out.push(unknown(route, reach.path, `Whether the route through ${via} reaches the internet`, reach.value, reach.reason));
  }
  return out;
}

function* check(context: CheckContext): Iterable<Evaluation> {
  let found = false;
  for (const r of context.artifact.resources) {
    let judged: Evaluation[] = [];
    if (GATEWAYS.has(r.type)) judged = [nonCompliant(r, '', `${r.type} ${r.id}: a tenant network has no internet or NAT gateway`)];
    else if (r.type === 'AWS::EC2::VPCGatewayAttachment' && r.properties.InternetGatewayId !== undefined) judged = [nonCompliant(r, 'InternetGatewayId', `attaches an internet gateway to the tenant VPC`)];
    else if (r.type === 'AWS::EC2::Route' || r.type === 'aws_route') judged = judgeRoute(r, '', r.properties, context);
    else if (r.type === 'aws_route_table' || r.type === 'aws_default_route_table') {
      const routes = nestedBlocks(r.properties, 'route');
      judged = [
        ...routes.blocks.flatMap((b) => judgeRoute(r, b.path, b.block, context)),
        ...routes.unresolved.map((u) => unknown(r, u.path, 'Whether a route of the table leads to the internet', u.value)),
      ];
    }
    found ||= judged.length > 0;
    yield* judged;
  }
  if (!found) for (const vpc of context.artifact.resources.filter((r) => r.type === 'AWS::EC2::VPC' || r.type === 'aws_vpc')) yield compliant(vpc, '');
}

export const rule: RuleDefinition = {
  id: 'SBX-NET-001',
  title: 'The tenant network has no internet, NAT or carrier gateway, and no route to one or through a NAT instance',
  rationale:
    'An isolated environment has no road to the internet: without an internet, NAT or carrier gateway, nothing in the tenant can send data out or be reached from outside, whatever a workload or a security group does. AWS services are reached through VPC endpoints. A route for internet addresses (a /8 or wider of public space, the default route included) through an instance or network interface is a NAT instance and counts too. Routes to transit gateways, peering connections, local gateways and Cloud WAN lead to networks this artifact does not show and are not judged here; an attachment of the tenant VPC to them is for the platform to approve.',
  remediation: 'Remove internet, egress-only, carrier and NAT gateways, NAT instances and their routes; use isolated subnets and VPC endpoints for the AWS services the tenant needs.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ai-act-59-1-e', 'ai-act-59-1-f', 'nen-7510-8-20', 'nen-7510-8-22'],
  crossReferences: { cdkNag: ['VPCNoUnrestrictedRouteToIGW'] },
  implementations: { cloudformation: check, terraform: check },
};
