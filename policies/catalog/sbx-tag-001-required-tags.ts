import { TENANT_TAG } from '../aws/located.ts';
import type { Resource } from '../model/resource.ts';
import { isObject, isUnresolved, literalString } from '../model/value.ts';
import { compliant, nonCompliant, notApplicable, unknown, type CheckContext, type Evaluation, type FormatCheck, type RuleDefinition } from '../rule.ts';

/**
 * Every taggable resource carries the tenant's tags, and they name this tenant: the tags are how
 * costs, inventories, the boundary policy (aws:ResourceTag/sandbox:tenant) and supervisors tell
 * one tenant's resources from another's. Kubernetes objects carry them as labels (`sandbox/tenant`).
 */
export const REQUIRED_TAGS = ['sandbox:tenant', 'sandbox:participant', 'sandbox:period-end', 'sandbox:risk-class'] as const;

const TAGGABLE_CLOUDFORMATION = new Set([
  'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::SecurityGroup',
  'AWS::EC2::InternetGateway', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::FlowLog', 'AWS::EC2::Instance', 'AWS::EC2::NetworkAcl',
  'AWS::Logs::LogGroup', 'AWS::CloudTrail::Trail', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::Lambda::Function', 'AWS::SNS::Topic',
  'AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'AWS::SecretsManager::Secret', 'AWS::ECR::Repository', 'AWS::EKS::Cluster',
  'AWS::EC2::Volume', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::ElasticLoadBalancingV2::LoadBalancer',
]);
const TAGGABLE_TERRAFORM = new Set([
  'aws_s3_bucket', 'aws_kms_key', 'aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_security_group', 'aws_default_security_group',
  'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_flow_log', 'aws_instance', 'aws_network_acl', 'aws_cloudwatch_log_group',
  'aws_cloudtrail', 'aws_iam_role', 'aws_iam_policy', 'aws_iam_user', 'aws_lambda_function', 'aws_sns_topic', 'aws_sqs_queue',
  'aws_dynamodb_table', 'aws_secretsmanager_secret', 'aws_ecr_repository', 'aws_eks_cluster', 'aws_vpc_endpoint',
  'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule',
  'aws_ebs_volume', 'aws_db_instance', 'aws_rds_cluster', 'aws_lb',
]);

/** `sandbox:period-end` → `sandbox/period-end`, as stacks/kubernetes writes tags as labels. */
const labelKey = (tag: string) => tag.replace(':', '/');

function expected(tag: (typeof REQUIRED_TAGS)[number], context: CheckContext): string | undefined {
  const t = context.tenant;
  switch (tag) {
    case 'sandbox:tenant':
      return context.tenantId;
    case 'sandbox:period-end':
      return t?.period.end;
    case 'sandbox:risk-class':
      return t?.riskClass;
    case 'sandbox:participant':
      return undefined; // sanitised differently per format; presence is what counts
  }
}

function judge(resource: Resource, context: CheckContext, key: (tag: string) => string, path: string): Evaluation[] {
  const out: Evaluation[] = [];
  for (const tag of REQUIRED_TAGS) {
    const name = key(tag);
    const value = resource.tags[name];
    const text = literalString(value);
    if (value !== undefined && isUnresolved(value) && text === undefined) out.push(unknown(resource, path, `The ${name} tag`, value));
    else if (text === undefined || text === '') out.push(nonCompliant(resource, path, `${resource.id} lacks the ${name} tag`));
    else {
      const want = expected(tag, context);
      if (want !== undefined && text !== want) out.push(nonCompliant(resource, path, `${name} is ${JSON.stringify(text)} but this is ${tag === TENANT_TAG ? 'tenant' : 'the plan’s value'} ${JSON.stringify(want)}`));
    }
  }
  return out.length > 0 ? out : [compliant(resource, path)];
}

function aws(taggable: ReadonlySet<string>, path: string): FormatCheck {
  return function* (context) {
    if (context.artifact.scope === 'platform') return;
    for (const resource of context.artifact.resources) {
      if (!taggable.has(resource.type)) continue;
      // Terraform resources with a non-literal tags map are judged by what default_tags supply.
      if (resource.format === 'terraform' && resource.properties.tags !== undefined && !isObject(resource.properties.tags)) {
        yield unknown(resource, 'tags', 'The tags', resource.properties.tags);
        continue;
      }
      yield* judge(resource, context, (t) => t, path);
    }
  };
}

const kubernetes: FormatCheck = function* (context) {
  for (const resource of context.artifact.resources) {
    if (resource.type === 'List') {
      yield notApplicable(resource);
      continue;
    }
    yield* judge(resource, context, labelKey, 'metadata.labels');
  }
};

export const rule: RuleDefinition = {
  id: 'SBX-TAG-001',
  title: 'Every resource carries the tenant’s tags, naming this tenant',
  rationale: 'Tags (labels in Kubernetes) tie each resource to its tenant, participant, period and risk class. The permission boundary and the key policies select resources by sandbox:tenant, inventories and supervisors find a tenant’s resources by it, and clean-up at exit relies on it. A tag naming another tenant is worse than none. The rule judges the resource types it lists (network, storage, keys, logs, trails, roles, compute, databases, load balancers, queues, secrets); a type outside that list is not judged.',
  remediation: 'Apply the tenant’s tags (tenancy Tenant.tags) to every taggable resource, e.g. through the CDK stack’s Tags, the Terraform provider’s default_tags, or the Kubernetes labels of stacks/kubernetes/labels.ts.',
  severity: 'error',
  supports: ['ai-act-59-1-d', 'ai-act-59-1-c', 'nen-7510-8-9'],
  crossReferences: {},
  implementations: {
    cloudformation: aws(TAGGABLE_CLOUDFORMATION, 'Tags'),
    terraform: aws(TAGGABLE_TERRAFORM, 'tags'),
    kubernetes,
  },
};
