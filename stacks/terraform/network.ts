import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log/index.js';
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { s3EndpointActions, tenantBucketArns, type LogGroup, type NetworkSpec } from '../blueprint/index.ts';
import { policyJson } from './policy-document.ts';
import { subnetCidr } from './subnet-cidr.ts';
import { accountRoot, arn, tfName, type TenantContext } from './tenant-context.ts';

export interface TenantNetwork {
  readonly vpc: Vpc;
  /** The S3 gateway endpoint the data stores' policies require. */
  readonly s3Endpoint: VpcEndpoint;
}

/** Every EU region has zones a and b; naming them avoids an API call at plan time. */
const ZONE_SUFFIXES = ['a', 'b', 'c'] as const;
/** /20 subnets: 4096 addresses per zone is plenty for a tenant's endpoints and workloads. */
const SUBNET_NEW_BITS = 4;

/**
 * The isolated tenant network (AI Act Art. 59(1)(d), (f)): private subnets only, no internet or NAT
 * gateway, no route out of the VPC; AWS services reached through endpoints whose security group
 * admits HTTPS from inside the VPC, or nothing at all while the tenant is suspended (Art. 57(11)).
 */
export function addNetwork(ctx: TenantContext, spec: NetworkSpec, logGroups: ReadonlyMap<LogGroup['id'], CloudwatchLogGroup>): TenantNetwork {
  const { stack, blueprint } = ctx;
  const region = blueprint.region;
  const name = (suffix: string) => ({ Name: `${blueprint.stackName}/${suffix}` });

  const vpc = new Vpc(stack, 'vpc', { cidrBlock: spec.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: name('vpc') });
  // Terraform empties the default security group's rules, so nothing can use it to get out.
  new DefaultSecurityGroup(stack, 'default_security_group', { vpcId: vpc.id, tags: name('default-closed') });

  if (spec.maxAzs > ZONE_SUFFIXES.length) throw new RangeError(`the Terraform engine names at most ${ZONE_SUFFIXES.length} zones, the blueprint asks for ${spec.maxAzs}`);
  const zones = ZONE_SUFFIXES.slice(0, spec.maxAzs);
  const subnets: Subnet[] = [];
  const routeTables: RouteTable[] = [];
  zones.forEach((zone, index) => {
    const subnet = new Subnet(stack, tfName('isolated', zone), {
      vpcId: vpc.id,
      availabilityZone: `${region}${zone}`,
      cidrBlock: subnetCidr(spec.cidr, SUBNET_NEW_BITS, index),
      mapPublicIpOnLaunch: false,
      tags: name(`isolated-${zone}`),
    });
    // A route table with only the implicit local route (and the S3 prefix list below).
    const routeTable = new RouteTable(stack, tfName('isolated', zone, 'routes'), { vpcId: vpc.id, tags: name(`isolated-${zone}`) });
    new RouteTableAssociation(stack, tfName('isolated', zone, 'routes_association'), { subnetId: subnet.id, routeTableId: routeTable.id });
    subnets.push(subnet);
    routeTables.push(routeTable);
  });

  const endpointsGroup = new SecurityGroup(stack, 'endpoints_security_group', {
    name: `sbx-${blueprint.tenantId}-endpoints`,
    description: `Sandbox ${blueprint.tenantId}: interface endpoints, HTTPS from inside the VPC only`,
    vpcId: vpc.id,
    tags: name('endpoints'),
  });
  if (!spec.isolated) {
    new VpcSecurityGroupIngressRule(stack, 'endpoints_https_from_vpc', {
      securityGroupId: endpointsGroup.id,
      description: 'HTTPS from the tenant VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: spec.cidr,
    });
  }

  const otherGateways = spec.gatewayEndpoints.filter((s) => s !== 's3');
  if (otherGateways.length > 0 || spec.gatewayEndpoints.length === 0) {
    throw new Error(`blueprint of ${blueprint.tenantId} asks for gateway endpoints [${spec.gatewayEndpoints.join(', ')}]; this engine renders exactly the S3 one`);
  }
  const tenantBuckets = tenantBucketArns(blueprint, ctx.partition, ctx.accountId);
  const s3Endpoint = new VpcEndpoint(stack, 'endpoint_s3', {
    vpcId: vpc.id,
    serviceName: `com.amazonaws.${region}.s3`,
    vpcEndpointType: 'Gateway',
    routeTableIds: routeTables.map((t) => t.id),
    // Only the tenant's own stores, by exact name, through this endpoint: nothing is copied to a
    // bucket outside the tenant (AI Act Art. 59(1)(e)); while suspended, nothing is written either
    // (Art. 57(11)).
    policy: policyJson([
      {
        Sid: spec.isolated ? 'TenantStoresReadOnlyWhileSuspended' : 'TenantStoresOnly',
        Effect: 'Allow',
        Principal: { AWS: accountRoot(ctx) },
        Action: s3EndpointActions(spec.isolated),
        Resource: tenantBuckets.flatMap((b) => [b, `${b}/*`]),
      },
    ]),
    tags: name('endpoint-s3'),
  });
  for (const service of spec.interfaceEndpoints) {
    new VpcEndpoint(stack, tfName('endpoint', service), {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${region}.${service}`,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: subnets.map((s) => s.id),
      securityGroupIds: [endpointsGroup.id],
      tags: name(`endpoint-${service}`),
    });
  }

  addFlowLogs(ctx, vpc, logGroups.get(spec.flowLogGroup));
  return { vpc, s3Endpoint };
}

/** All traffic of the VPC, accepted and rejected, to the encrypted flow-log group. */
function addFlowLogs(ctx: TenantContext, vpc: Vpc, group: CloudwatchLogGroup | undefined): void {
  const { stack, blueprint } = ctx;
  if (!group) throw new Error(`blueprint of ${blueprint.tenantId} names a flow-log group it does not define`);
  // A dot cannot occur in a person id, so this name never collides with a person role.
  const role = new IamRole(stack, 'flow_logs_role', {
    name: `sbx-${blueprint.tenantId}.flow-logs`,
    description: `Sandbox ${blueprint.tenantId}: VPC flow logs delivery`,
    assumeRolePolicy: policyJson([
      {
        Sid: 'FlowLogsDeliver',
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ctx.accountId },
          ArnLike: { 'aws:SourceArn': arn(ctx, 'ec2', 'vpc-flow-log/*') },
        },
      },
    ]),
  });
  new IamRolePolicy(stack, 'flow_logs_role_policy', {
    name: 'deliver',
    role: role.id,
    policy: policyJson([
      {
        Sid: 'WriteFlowLogGroup',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: [group.arn, `${group.arn}:*`],
      },
    ]),
  });
  new FlowLog(stack, 'flow_logs', {
    vpcId: vpc.id,
    trafficType: 'ALL',
    logDestinationType: 'cloud-watch-logs',
    logDestination: group.arn,
    iamRoleArn: role.arn,
  });
}
