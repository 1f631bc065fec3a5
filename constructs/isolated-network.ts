import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { s3EndpointActions } from '../stacks/blueprint/index.ts';
import type { EvidenceLogGroup } from './evidence-log-group.ts';
import { invalidProp, requireWholeNumber } from './invalid-prop.ts';

export interface IsolatedNetworkProps {
  /** The VPC's IPv4 range, a private /16 to /24 (RFC 1918). */
  readonly cidr: string;
  /** Availability zones (1 to 3); default 2. */
  readonly maxAzs?: number;
  /** AWS services reached through interface endpoints (`kms`, `logs`, `sts`); default those three. */
  readonly interfaceEndpoints?: readonly string[];
  /** Where all accepted and rejected traffic is recorded. */
  readonly flowLogGroup: EvidenceLogGroup;
  /** Name of the flow-log delivery role; default generated. */
  readonly flowLogRoleName?: string;
  /** The exact ARNs of the buckets the S3 gateway endpoint may reach; nothing else is reachable through it. */
  readonly s3BucketArns: readonly string[];
  /**
   * Suspension (AI Act Art. 57(11)): the endpoints' security group admits nothing and the S3
   * endpoint only reads. Default false.
   */
  readonly isolated?: boolean;
}

const CONSTRUCT = 'IsolatedNetwork';
const PRIVATE_CIDR = /^(10\.\d{1,3}\.\d{1,3}\.\d{1,3}|172\.(1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3})\/(1[6-9]|2[0-4])$/;

/**
 * A tenant network with no way out (AI Act Art. 59(1)(d), (f)): isolated subnets only, no internet
 * or NAT gateway, no public IP, AWS services only through endpoints, every flow logged.
 *
 * The VPC's default security group keeps its AWS default rules: CloudFormation has no resource for
 * the default group (AWS::EC2::SecurityGroupIngress and …Egress only add rules, and the group cannot
 * be deleted), so closing it takes a Lambda-backed custom resource (aws-cdk-lib's
 * `restrictDefaultSecurityGroup`), whose asset would make the template depend on a bundle and put a
 * function in the tenant. Nothing in the tenant uses the default group, and with no route out of the
 * VPC its egress rule reaches only the endpoints. Terraform closes it; the SecurityProfile states the
 * difference (ENGINE_DIFFERENCES.defaultSecurityGroupClosed).
 */
export class IsolatedNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly s3Endpoint: ec2.GatewayVpcEndpoint;
  readonly endpointSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: IsolatedNetworkProps) {
    super(scope, id);
    if (!PRIVATE_CIDR.test(props.cidr)) throw invalidProp(CONSTRUCT, 'cidr', 'must be a private IPv4 range (RFC 1918) from /16 to /24', props.cidr);
    const maxAzs = props.maxAzs ?? 2;
    requireWholeNumber(CONSTRUCT, 'maxAzs', maxAzs, 1, 3);
    // Exact ARNs: a name pattern such as `sbx-<account>-<tenant>-*` also matches the buckets of a
    // tenant whose id extends this one's.
    if (props.s3BucketArns.length === 0 || props.s3BucketArns.some((a) => /[*?]/.test(a))) {
      throw invalidProp(CONSTRUCT, 's3BucketArns', 'must list the buckets the tenant may reach, exactly, without wildcards', props.s3BucketArns);
    }
    const isolated = props.isolated ?? false;
    const stack = Stack.of(this);

    this.vpc = new ec2.Vpc(this, 'Resource', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs,
      natGateways: 0,
      createInternetGateway: false,
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 20 }],
    });

    this.s3Endpoint = this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    // No copying to a bucket outside the tenant through the endpoint (AI Act Art. 59(1)(e)).
    this.s3Endpoint.addToPolicy(
      new iam.PolicyStatement({
        sid: isolated ? 'TenantStoresReadOnlyWhileSuspended' : 'TenantStoresOnly',
        principals: [new iam.AccountRootPrincipal()],
        actions: s3EndpointActions(isolated),
        resources: props.s3BucketArns.flatMap((arn) => [arn, `${arn}/*`]),
      }),
    );

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      allowAllOutbound: false,
      description: isolated ? 'Interface endpoints of a suspended tenant: no traffic admitted' : 'Interface endpoints: HTTPS from inside the tenant VPC only',
    });
    if (!isolated) this.endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(props.cidr), ec2.Port.tcp(443), 'HTTPS from inside the tenant VPC');
    for (const service of props.interfaceEndpoints ?? ['kms', 'logs', 'sts']) {
      if (!/^[a-z0-9.-]+$/.test(service)) throw invalidProp(CONSTRUCT, 'interfaceEndpoints', 'must list AWS service endpoint names such as "kms"', service);
      this.vpc.addInterfaceEndpoint(`${service.replace(/[^a-z0-9]/g, '')}Endpoint`, {
        service: new ec2.InterfaceVpcEndpointAwsService(service),
        privateDnsEnabled: true,
        open: false,
        securityGroups: [this.endpointSecurityGroup],
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      });
    }

    this.addFlowLog(props.flowLogGroup, props.flowLogRoleName, stack);
  }

  private addFlowLog(group: EvidenceLogGroup, roleName: string | undefined, stack: Stack): void {
    const role = new iam.Role(this, 'FlowLogRole', {
      ...(roleName ? { roleName } : {}),
      description: 'VPC flow logs delivery to the tenant flow-log group',
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' }) },
      }),
    });
    const groupName = group.logGroup.logGroupName;
    const groupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: groupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    new iam.ManagedPolicy(this, 'FlowLogDelivery', {
      description: 'Write VPC flow logs into the tenant flow-log group only',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          resources: [groupArn, `${groupArn}:*`],
        }),
      ],
    });
    new ec2.CfnFlowLog(this, 'FlowLog', {
      resourceId: this.vpc.vpcId,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: groupName,
      deliverLogsPermissionArn: role.roleArn,
    });
  }
}
