import type { Resource } from '../model/resource.ts';
import { blocks, literalString } from '../model/value.ts';
import { referenced } from '../aws/located.ts';
import { compliant, nonCompliant, type CheckContext, type Evaluation, type RuleDefinition } from '../rule.ts';

const GATEWAYS = new Set([
  'AWS::EC2::InternetGateway',
  'AWS::EC2::EgressOnlyInternetGateway',
  'AWS::EC2::NatGateway',
  'aws_internet_gateway',
  'aws_egress_only_internet_gateway',
  'aws_nat_gateway',
  'aws_internet_gateway_attachment',
]);
/** Route properties that send traffic to the internet, directly or through NAT. */
const ROUTE_TARGETS = ['GatewayId', 'NatGatewayId', 'EgressOnlyInternetGatewayId', 'gateway_id', 'nat_gateway_id', 'egress_only_gateway_id'];

function routesOut(route: Resource, path: string, body: Record<string, unknown>, context: CheckContext): Evaluation[] {
  const out: Evaluation[] = [];
  for (const key of ROUTE_TARGETS) {
    const value = body[key] as Parameters<typeof literalString>[0];
    if (value === undefined) continue;
    const target = referenced(context.artifact, value);
    const text = literalString(value);
    if ((target && GATEWAYS.has(target.type)) || (text !== undefined && /^(igw|nat|eigw)-/.test(text))) {
      out.push(nonCompliant(route, path ? `${path}.${key}` : key, `route to ${target?.id ?? text}: traffic could leave for the internet`));
    }
  }
  return out;
}

function* check(context: CheckContext): Iterable<Evaluation> {
  let found = false;
  for (const r of context.artifact.resources) {
    if (GATEWAYS.has(r.type)) {
      found = true;
      yield nonCompliant(r, '', `${r.type} ${r.id}: a tenant network has no internet or NAT gateway`);
    } else if (r.type === 'AWS::EC2::VPCGatewayAttachment' && r.properties.InternetGatewayId !== undefined) {
      found = true;
      yield nonCompliant(r, 'InternetGatewayId', `attaches an internet gateway to the tenant VPC`);
    } else if (r.type === 'AWS::EC2::Route' || r.type === 'aws_route') {
      const routes = routesOut(r, '', r.properties as Record<string, unknown>, context);
      found ||= routes.length > 0;
      yield* routes;
    } else if (r.type === 'aws_route_table' || r.type === 'aws_default_route_table') {
      const routes = blocks(r.properties.route).flatMap((route, i) => routesOut(r, `route[${i}]`, route as Record<string, unknown>, context));
      found ||= routes.length > 0;
      yield* routes;
    }
  }
  if (!found) for (const vpc of context.artifact.resources.filter((r) => r.type === 'AWS::EC2::VPC' || r.type === 'aws_vpc')) yield compliant(vpc, '');
}

export const rule: RuleDefinition = {
  id: 'SBX-NET-001',
  title: 'The tenant network has no internet gateway, NAT gateway or route to either',
  rationale: 'An isolated environment has no road to the internet: without an internet or NAT gateway, nothing in the tenant can send data out or be reached from outside, whatever a workload or a security group does. AWS services are reached through VPC endpoints.',
  remediation: 'Remove internet, egress-only and NAT gateways and their routes; use isolated subnets and VPC endpoints for the AWS services the tenant needs.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ai-act-59-1-e', 'ai-act-59-1-f', 'nen-7510-8-20', 'nen-7510-8-22'],
  crossReferences: { cdkNag: ['VPCNoUnrestrictedRouteToIGW'] },
  implementations: { cloudformation: check, terraform: check },
};
