import type { NormalisedArtifact, Resource } from '../model/resource.ts';
import { nestedBlocks, type Value } from '../model/value.ts';
import { parsePolicy, type ParsedPolicy } from './policy-statements.ts';

/**
 * Every IAM policy document of an artifact, with its role: an identity policy grants a principal
 * permissions, a resource policy says who may use a resource, a trust policy who may assume a
 * role, a service control policy what an organisation forbids.
 */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'service-control';

export interface PolicyDocument {
  readonly kind: PolicyKind;
  readonly resource: Resource;
  readonly path: string;
  readonly policy: ParsedPolicy;
}

type Locator = (resource: Resource) => readonly { kind: PolicyKind; path: string; value: Value | undefined }[];

const single = (kind: PolicyKind, key: string): Locator => (r) => [{ kind, path: key, value: r.properties[key] }];

/**
 * Inline policies (CloudFormation `Policies`, Terraform `inline_policy` blocks, dynamic ones
 * too): each document, and in their place whatever only the deploy can tell, which parses as
 * an unknown policy.
 */
const inline = (key: string, document: string): Locator => (r) => {
  const found = nestedBlocks(r.properties, key);
  return [
    ...found.blocks.map((b) => ({ kind: 'identity' as const, path: `${b.path}.${document}`, value: b.block[document] })),
    ...found.unresolved.map((u) => ({ kind: 'identity' as const, path: u.path, value: u.value })),
  ];
};

const CLOUDFORMATION: Readonly<Record<string, Locator>> = {
  'AWS::IAM::Role': (r) => [{ kind: 'trust', path: 'AssumeRolePolicyDocument', value: r.properties.AssumeRolePolicyDocument }, ...inline('Policies', 'PolicyDocument')(r)],
  'AWS::IAM::User': inline('Policies', 'PolicyDocument'),
  'AWS::IAM::Group': inline('Policies', 'PolicyDocument'),
  'AWS::IAM::Policy': single('identity', 'PolicyDocument'),
  'AWS::IAM::ManagedPolicy': single('identity', 'PolicyDocument'),
  'AWS::IAM::RolePolicy': single('identity', 'PolicyDocument'),
  'AWS::S3::BucketPolicy': single('resource', 'PolicyDocument'),
  'AWS::KMS::Key': single('resource', 'KeyPolicy'),
  'AWS::EC2::VPCEndpoint': single('resource', 'PolicyDocument'),
  'AWS::SNS::TopicPolicy': single('resource', 'PolicyDocument'),
  'AWS::SQS::QueuePolicy': single('resource', 'PolicyDocument'),
  'AWS::Logs::ResourcePolicy': single('resource', 'PolicyDocument'),
  'AWS::SecretsManager::ResourcePolicy': single('resource', 'ResourcePolicy'),
  'AWS::Organizations::Policy': single('service-control', 'Content'),
};

const TERRAFORM: Readonly<Record<string, Locator>> = {
  aws_iam_role: (r) => [{ kind: 'trust', path: 'assume_role_policy', value: r.properties.assume_role_policy }, ...inline('inline_policy', 'policy')(r)],
  aws_iam_role_policy: single('identity', 'policy'),
  aws_iam_policy: single('identity', 'policy'),
  aws_iam_user_policy: single('identity', 'policy'),
  aws_iam_group_policy: single('identity', 'policy'),
  aws_s3_bucket_policy: single('resource', 'policy'),
  aws_s3_bucket: single('resource', 'policy'),
  aws_kms_key: single('resource', 'policy'),
  aws_kms_key_policy: single('resource', 'policy'),
  aws_vpc_endpoint: single('resource', 'policy'),
  aws_vpc_endpoint_policy: single('resource', 'policy'),
  aws_sns_topic_policy: single('resource', 'policy'),
  aws_sqs_queue_policy: single('resource', 'policy'),
  aws_cloudwatch_log_resource_policy: single('resource', 'policy_document'),
  aws_secretsmanager_secret_policy: single('resource', 'policy'),
  aws_organizations_policy: single('service-control', 'content'),
};

const documentsCache = new WeakMap<NormalisedArtifact, readonly PolicyDocument[]>();

export function policyDocuments(artifact: NormalisedArtifact): readonly PolicyDocument[] {
  const cached = documentsCache.get(artifact);
  if (cached) return cached;
  const locators = artifact.format === 'cloudformation' ? CLOUDFORMATION : artifact.format === 'terraform' ? TERRAFORM : {};
  const out: PolicyDocument[] = [];
  for (const resource of artifact.resources) {
    const locate = locators[resource.type];
    if (!locate) continue;
    for (const { kind, path, value } of locate(resource)) {
      if (value === undefined) continue;
      out.push({ kind, resource, path, policy: parsePolicy(value, resource, path, artifact) });
    }
  }
  documentsCache.set(artifact, out);
  return out;
}
