import { parseAllDocuments, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkArtifacts, knownTenants, RULES, type ArtifactInput } from '../../policies/index.ts';
import { exampleTenants } from '../support/example-tenants.ts';
import { tenantArtifacts } from './support/example-artifacts.ts';

/**
 * Mutation test: the real artifacts of every example tenant, broken one property at a time the way
 * a careless change or a hand edit would, must make the right guardrail fire at the right resource,
 * and only the guardrails that the change really concerns.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

interface Mutation {
  readonly name: string;
  readonly format: 'cloudformation' | 'terraform' | 'kubernetes';
  /** Changes the document(s) in place and returns the resource id the finding must name. */
  readonly mutate: (doc: Doc) => string;
  readonly rule: string;
  /** Other rules the same change legitimately trips. */
  readonly also?: readonly string[];
  /** The property path the finding must name, where the mutation pins it down. */
  readonly path?: string;
  /** What the rule must say; default NON_COMPLIANT (an error). */
  readonly outcome?: 'NON_COMPLIANT' | 'UNKNOWN';
}

// CloudFormation helpers: resources by type and tag.
const tagOf = (r: Doc, key: string) => (r.Properties?.Tags ?? []).find((t: Doc) => t.Key === key)?.Value;
function cfn(t: Doc, type: string, where: (r: Doc) => boolean = () => true): [string, Doc] {
  const found = Object.entries(t.Resources as Record<string, Doc>).find(([, r]) => r.Type === type && where(r));
  if (!found) throw new Error(`no ${type} in the template`);
  return found;
}
const dataStore = (t: Doc) => cfn(t, 'AWS::S3::Bucket', (r) => tagOf(r, 'sandbox:store-kind') === 'data-store');
const logStore = (t: Doc, cls = 'access-logs') => cfn(t, 'AWS::S3::Bucket', (r) => tagOf(r, 'sandbox:retention-class') === cls && tagOf(r, 'sandbox:store-kind') === 'log-store');
const policyOf = (t: Doc, bucket: string) => cfn(t, 'AWS::S3::BucketPolicy', (r) => r.Properties.Bucket?.Ref === bucket);

// Terraform helpers: resources by type, and the configuration resources that point at a bucket.
function tf(c: Doc, type: string, where: (r: Doc, name: string) => boolean = () => true): [string, Doc] {
  const found = Object.entries((c.resource[type] ?? {}) as Record<string, Doc>).find(([n, r]) => where(r, n));
  if (!found) throw new Error(`no ${type} in the configuration`);
  return found;
}
const tfDataStore = (c: Doc) => tf(c, 'aws_s3_bucket', (r) => r.tags?.['sandbox:store-kind'] === 'data-store');
const tfFor = (c: Doc, type: string, bucket: string) => tf(c, type, (r) => r.bucket === `\${aws_s3_bucket.${bucket}.id}`);

// Kubernetes helpers.
const k8s = (docs: Doc, kind: string, name?: string) => (docs.objects as Doc[]).find((o) => o.kind === kind && (name === undefined || o.metadata.name === name))!;
const idOf = (o: Doc) => (o.metadata.namespace ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${o.kind}/${o.metadata.name}`);
const podSpec = (docs: Doc) => k8s(docs, 'Job').spec.template.spec;

/**
 * A hand edit that passes the data stores off as server-access-log buckets: the tag says so, the
 * encryption drops to SSE-S3 (allowed for access logs only) and one endpoint-only statement goes
 * (access-log buckets are written by S3 itself). Returns the data stores' ids.
 */
function passDataStoresOffAsAccessLogs(t: Doc): string[] {
  const ids = Object.entries(t.Resources as Record<string, Doc>).filter(([, r]) => r.Type === 'AWS::S3::Bucket' && tagOf(r, 'sandbox:store-kind') === 'data-store').map(([id]) => id);
  for (const id of ids) {
    const b = t.Resources[id];
    b.Properties.Tags.find((x: Doc) => x.Key === 'sandbox:store-kind').Value = 'server-access-logs';
    b.Properties.BucketEncryption.ServerSideEncryptionConfiguration = [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }];
  }
  const [, p] = policyOf(t, ids[0]!);
  p.Properties.PolicyDocument.Statement = p.Properties.PolicyDocument.Statement.filter((s: Doc) => !s.Condition?.StringNotEquals);
  return ids;
}
function tfPassDataStoresOffAsAccessLogs(c: Doc): string[] {
  const names = Object.entries(c.resource.aws_s3_bucket as Record<string, Doc>).filter(([, b]) => b.tags?.['sandbox:store-kind'] === 'data-store').map(([n]) => n);
  for (const name of names) {
    c.resource.aws_s3_bucket[name].tags['sandbox:store-kind'] = 'server-access-logs';
    const [, enc] = tfFor(c, 'aws_s3_bucket_server_side_encryption_configuration', name);
    enc.rule = [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }];
  }
  const [, pol] = tfFor(c, 'aws_s3_bucket_policy', names[0]!);
  const doc = JSON.parse(pol.policy);
  doc.Statement = doc.Statement.filter((s: Doc) => !s.Condition?.StringNotEquals);
  pol.policy = JSON.stringify(doc);
  return names.map((n) => `aws_s3_bucket.${n}`);
}

/** A module call is UNKNOWN to every Terraform rule (policies/evaluate/opaque-modules.ts). */
const ALL_TERRAFORM_RULES = RULES.filter((r) => r.implementations.terraform).map((r) => r.id);

const FOREIGN_KEY = 'arn:aws:kms:eu-central-1:999999999999:key/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6';

const MUTATIONS: readonly Mutation[] = [
  // CloudFormation
  { name: 'drop versioning on a data store', format: 'cloudformation', rule: 'SBX-DATA-006', mutate: (t) => { const [id, b] = dataStore(t); delete b.Properties.VersioningConfiguration; return id; } },
  { name: 'set a log store’s retention lower', format: 'cloudformation', rule: 'SBX-LOG-001', mutate: (t) => { const [id, b] = logStore(t); b.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days = 30; return id; } },
  { name: 'lower retention and its tag together', format: 'cloudformation', rule: 'SBX-LOG-001', mutate: (t) => { const [id, b] = logStore(t, 'ai-system-logs'); b.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days = 90; b.Properties.Tags.find((x: Doc) => x.Key === 'sandbox:retention-days').Value = '90'; return id; } },
  { name: 'switch a log store to GOVERNANCE mode', format: 'cloudformation', rule: 'SBX-LOG-001', mutate: (t) => { const [id, b] = logStore(t); b.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode = 'GOVERNANCE'; return id; } },
  { name: 'delete the documentation log store', format: 'cloudformation', rule: 'SBX-LOG-001', mutate: (t) => { const [id] = logStore(t, 'documentation'); delete t.Resources[id]; return '(template)'; } },
  { name: 'add 0.0.0.0/0 ingress', format: 'cloudformation', rule: 'SBX-NET-003', mutate: (t) => { const [id, sg] = cfn(t, 'AWS::EC2::SecurityGroup'); sg.Properties.SecurityGroupIngress.push({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }); return id; } },
  { name: 'replace a data store’s key by a foreign one', format: 'cloudformation', rule: 'SBX-DATA-001', mutate: (t) => { const [id, b] = dataStore(t); b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID = FOREIGN_KEY; return id; } },
  { name: 'encrypt a log store with the data key', format: 'cloudformation', rule: 'SBX-DATA-002', mutate: (t) => { const [id, b] = logStore(t); const [keyId] = cfn(t, 'AWS::KMS::Key', (k) => /data stores/.test(k.Properties.Description)); b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID = { 'Fn::GetAtt': [keyId, 'Arn'] }; return id; } },
  { name: 'add a Principal "*" Allow to a bucket policy', format: 'cloudformation', rule: 'SBX-DATA-005', also: ['SBX-IAM-002'], mutate: (t) => { const [id] = dataStore(t); const [pid, p] = policyOf(t, id); p.Properties.PolicyDocument.Statement.push({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }); return pid; } },
  { name: 'add a Principal "*" to a role’s trust policy', format: 'cloudformation', rule: 'SBX-IAM-002', mutate: (t) => { const [id, r] = cfn(t, 'AWS::IAM::Role', (x) => x.Properties.RoleName !== undefined || true); r.Properties.AssumeRolePolicyDocument.Statement[0].Principal = { AWS: '*' }; return id; } },
  { name: 'change a region in an ARN', format: 'cloudformation', rule: 'SBX-RES-001', mutate: (t) => { const [id, e] = cfn(t, 'AWS::EC2::VPCEndpoint', (x) => typeof x.Properties.ServiceName === 'string'); e.Properties.ServiceName = e.Properties.ServiceName.replace(/eu-[a-z]+-\d/, 'us-east-1'); return id; } },
  { name: 'drop the TLS-only statement', format: 'cloudformation', rule: 'SBX-DATA-003', mutate: (t) => { const [id] = dataStore(t); const [pid, p] = policyOf(t, id); p.Properties.PolicyDocument.Statement = p.Properties.PolicyDocument.Statement.filter((s: Doc) => !s.Condition?.Bool); return pid; } },
  { name: 'turn off BlockPublicPolicy', format: 'cloudformation', rule: 'SBX-DATA-004', mutate: (t) => { const [id, b] = dataStore(t); b.Properties.PublicAccessBlockConfiguration.BlockPublicPolicy = false; return id; } },
  { name: 'drop the endpoint-only statement', format: 'cloudformation', rule: 'SBX-DATA-007', mutate: (t) => { const [id] = dataStore(t); const [pid, p] = policyOf(t, id); p.Properties.PolicyDocument.Statement = p.Properties.PolicyDocument.Statement.filter((s: Doc) => !s.Condition?.StringNotEquals); return pid; } },
  { name: 'replicate a data store out', format: 'cloudformation', rule: 'SBX-DATA-008', mutate: (t) => { const [id, b] = dataStore(t); b.Properties.ReplicationConfiguration = { Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::research-partner-eu' } }] }; return id; } },
  { name: 'deliver the trail to a bucket outside the tenant', format: 'cloudformation', rule: 'SBX-DATA-008', mutate: (t) => { const [id, tr] = cfn(t, 'AWS::CloudTrail::Trail'); tr.Properties.S3BucketName = 'org-audit-central'; return id; } },
  { name: 'turn off log-file validation', format: 'cloudformation', rule: 'SBX-LOG-003', mutate: (t) => { const [id, tr] = cfn(t, 'AWS::CloudTrail::Trail'); tr.Properties.EnableLogFileValidation = false; return id; } },
  { name: 'drop the data events', format: 'cloudformation', rule: 'SBX-LOG-004', mutate: (t) => { const [, tr] = cfn(t, 'AWS::CloudTrail::Trail'); delete tr.Properties.EventSelectors; return dataStore(t)[0]; } },
  { name: 'shorten a log group to 90 days', format: 'cloudformation', rule: 'SBX-LOG-002', mutate: (t) => { const [id, g] = cfn(t, 'AWS::Logs::LogGroup'); g.Properties.RetentionInDays = 90; return id; } },
  { name: 'switch off key rotation', format: 'cloudformation', rule: 'SBX-KMS-001', mutate: (t) => { const [id, k] = cfn(t, 'AWS::KMS::Key'); k.Properties.EnableKeyRotation = false; return id; } },
  { name: 'add an internet gateway', format: 'cloudformation', rule: 'SBX-NET-001', also: ['SBX-TAG-001'], mutate: (t) => { t.Resources.Igw = { Type: 'AWS::EC2::InternetGateway', Properties: {} }; return 'Igw'; } },
  { name: 'map public IPs in a subnet', format: 'cloudformation', rule: 'SBX-NET-002', mutate: (t) => { const [id, s] = cfn(t, 'AWS::EC2::Subnet'); s.Properties.MapPublicIpOnLaunch = true; return id; } },
  { name: 'grant * on * in a person’s policy', format: 'cloudformation', rule: 'SBX-IAM-001', mutate: (t) => { const [id, p] = cfn(t, 'AWS::IAM::ManagedPolicy', (x) => /grants$/.test(x.Properties.ManagedPolicyName ?? '')); p.Properties.PolicyDocument.Statement.push({ Effect: 'Allow', Action: '*', Resource: '*' }); return id; } },
  { name: 'drop the MFA condition', format: 'cloudformation', rule: 'SBX-IAM-003', mutate: (t) => { const [id, r] = cfn(t, 'AWS::IAM::Role', (x) => x.Properties.AssumeRolePolicyDocument.Statement[0].Condition?.Bool); delete r.Properties.AssumeRolePolicyDocument.Statement[0].Condition.Bool; return id; } },
  { name: 'pass the data stores off as access-log buckets (tag, SSE-S3, no endpoint-only statement)', format: 'cloudformation', rule: 'SBX-DATA-001', also: ['SBX-TAG-002', 'SBX-DATA-007'], mutate: (t) => passDataStoresOffAsAccessLogs(t)[0]! },
  { name: 'pass the data stores off as access-log buckets: the tag is caught', format: 'cloudformation', rule: 'SBX-TAG-002', also: ['SBX-DATA-001', 'SBX-DATA-007'], mutate: (t) => passDataStoresOffAsAccessLogs(t)[2]! },
  { name: 'pass the data stores off as access-log buckets: the endpoint-only statement is still required', format: 'cloudformation', rule: 'SBX-DATA-007', also: ['SBX-DATA-001', 'SBX-TAG-002'], mutate: (t) => { const [id] = passDataStoresOffAsAccessLogs(t); return policyOf(t, id!)[0]; } },
  { name: 'relabel the documentation store as AI-system logs and lock it for six months', format: 'cloudformation', rule: 'SBX-LOG-001', also: ['SBX-TAG-002'], mutate: (t) => { const [id, b] = logStore(t, 'documentation'); b.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days = 183; for (const x of b.Properties.Tags) { if (x.Key === 'sandbox:retention-class') x.Value = 'ai-system-logs'; if (x.Key === 'sandbox:retention-days') x.Value = '183'; } return id; } },
  { name: 'tag a bucket for another tenant', format: 'cloudformation', rule: 'SBX-TAG-001', also: ['SBX-DATA-001', 'SBX-DATA-008'], mutate: (t) => { const [id, b] = dataStore(t); b.Properties.Tags.find((x: Doc) => x.Key === 'sandbox:tenant').Value = 'other-tenant'; return id; } },
  // Terraform
  { name: 'drop versioning on a data store', format: 'terraform', rule: 'SBX-DATA-006', mutate: (c) => { const [name] = tfDataStore(c); const [v] = tfFor(c, 'aws_s3_bucket_versioning', name); delete c.resource.aws_s3_bucket_versioning[v]; return `aws_s3_bucket.${name}`; } },
  { name: 'set a log store’s retention lower', format: 'terraform', rule: 'SBX-LOG-001', mutate: (c) => { const [name, lock] = tf(c, 'aws_s3_bucket_object_lock_configuration'); lock.rule.default_retention.days = 30; return `aws_s3_bucket_object_lock_configuration.${name}`; } },
  { name: 'add 0.0.0.0/0 ingress', format: 'terraform', rule: 'SBX-NET-003', mutate: (c) => { const [name, r] = tf(c, 'aws_vpc_security_group_ingress_rule'); r.cidr_ipv4 = '0.0.0.0/0'; return `aws_vpc_security_group_ingress_rule.${name}`; } },
  { name: 'replace a data store’s key', format: 'terraform', rule: 'SBX-DATA-001', mutate: (c) => { const [name] = tfDataStore(c); const [e, enc] = tfFor(c, 'aws_s3_bucket_server_side_encryption_configuration', name); enc.rule[0].apply_server_side_encryption_by_default.kms_master_key_id = FOREIGN_KEY; return `aws_s3_bucket_server_side_encryption_configuration.${e}`; } },
  { name: 'add a Principal "*" Allow to a bucket policy', format: 'terraform', rule: 'SBX-DATA-005', also: ['SBX-IAM-002'], mutate: (c) => { const [name] = tfDataStore(c); const [p, pol] = tfFor(c, 'aws_s3_bucket_policy', name); const doc = JSON.parse(pol.policy); doc.Statement.push({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }); pol.policy = JSON.stringify(doc); return `aws_s3_bucket_policy.${p}`; } },
  { name: 'change the provider region', format: 'terraform', rule: 'SBX-RES-001', mutate: (c) => { c.provider.aws[0].region = 'us-west-2'; return 'provider.aws'; } },
  { name: 'leave the provider region to the environment', format: 'terraform', rule: 'SBX-RES-001', outcome: 'UNKNOWN', mutate: (c) => { delete c.provider.aws[0].region; return 'provider.aws'; } },
  { name: 'turn off log-file validation', format: 'terraform', rule: 'SBX-LOG-003', mutate: (c) => { const [name, trail] = tf(c, 'aws_cloudtrail'); trail.enable_log_file_validation = false; return `aws_cloudtrail.${name}`; } },
  { name: 'switch off key rotation', format: 'terraform', rule: 'SBX-KMS-001', mutate: (c) => { const [name, k] = tf(c, 'aws_kms_key'); k.enable_key_rotation = false; return `aws_kms_key.${name}`; } },
  { name: 'shorten a log group to 30 days', format: 'terraform', rule: 'SBX-LOG-002', mutate: (c) => { const [name, g] = tf(c, 'aws_cloudwatch_log_group'); g.retention_in_days = 30; return `aws_cloudwatch_log_group.${name}`; } },
  { name: 'send server access logs to a shared bucket', format: 'terraform', rule: 'SBX-DATA-008', mutate: (c) => { const [name, l] = tf(c, 'aws_s3_bucket_logging'); l.target_bucket = 'org-shared-access-logs'; return `aws_s3_bucket_logging.${name}`; } },
  { name: 'pass the data stores off as access-log buckets (tag, SSE-S3, no endpoint-only statement)', format: 'terraform', rule: 'SBX-DATA-001', also: ['SBX-TAG-002', 'SBX-DATA-007'], mutate: (c) => { tfPassDataStoresOffAsAccessLogs(c); return `aws_s3_bucket_server_side_encryption_configuration.${tf(c, 'aws_s3_bucket_server_side_encryption_configuration', (r) => r.bucket === '${aws_s3_bucket.datasets.id}')[0]}`; } },
  { name: 'pass the data stores off as access-log buckets: the tag is caught', format: 'terraform', rule: 'SBX-TAG-002', also: ['SBX-DATA-001', 'SBX-DATA-007'], mutate: (c) => tfPassDataStoresOffAsAccessLogs(c)[1]! },
  { name: 'drop the provider’s default tags', format: 'terraform', rule: 'SBX-TAG-001', mutate: (c) => { delete c.provider.aws[0].default_tags; return `aws_kms_key.${tf(c, 'aws_kms_key')[0]}`; } },
  { name: 'add an internet gateway', format: 'terraform', rule: 'SBX-NET-001', mutate: (c) => { c.resource.aws_internet_gateway = { igw: { vpc_id: `\${aws_vpc.${tf(c, 'aws_vpc')[0]}.id}` } }; return 'aws_internet_gateway.igw'; } },
  { name: 'route a table to the internet through a gateway of another stack', format: 'terraform', rule: 'SBX-NET-001', path: 'route[0].gateway_id', mutate: (c) => { const [name, t] = tf(c, 'aws_route_table'); t.route = [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-0123456789abcdef0' }]; return `aws_route_table.${name}`; } },
  { name: 'route a table through a gateway given by a variable', format: 'terraform', rule: 'SBX-NET-001', outcome: 'UNKNOWN', path: 'route[0].gateway_id', mutate: (c) => { const [name, t] = tf(c, 'aws_route_table'); t.route = [{ cidr_block: '0.0.0.0/0', gateway_id: '${var.gateway}' }]; return `aws_route_table.${name}`; } },
  { name: 'map public IPs in a subnet', format: 'terraform', rule: 'SBX-NET-002', path: 'map_public_ip_on_launch', mutate: (c) => { const [name, s] = tf(c, 'aws_subnet'); s.map_public_ip_on_launch = true; return `aws_subnet.${name}`; } },
  { name: 'encrypt a data store with the evidence key', format: 'terraform', rule: 'SBX-DATA-002', mutate: (c) => { const [name] = tfDataStore(c); const [e, enc] = tfFor(c, 'aws_s3_bucket_server_side_encryption_configuration', name); enc.rule[0].apply_server_side_encryption_by_default.kms_master_key_id = `\${aws_kms_key.${tf(c, 'aws_kms_key', (_k, n) => /evidence/.test(n))[0]}.arn}`; return `aws_s3_bucket_server_side_encryption_configuration.${e}`; } },
  { name: 'drop the TLS-only statement', format: 'terraform', rule: 'SBX-DATA-003', mutate: (c) => { const [name] = tfDataStore(c); const [p, pol] = tfFor(c, 'aws_s3_bucket_policy', name); const doc = JSON.parse(pol.policy); doc.Statement = doc.Statement.filter((x: Doc) => !x.Condition?.Bool); pol.policy = JSON.stringify(doc); return `aws_s3_bucket_policy.${p}`; } },
  { name: 'turn off restrict_public_buckets', format: 'terraform', rule: 'SBX-DATA-004', path: 'restrict_public_buckets', mutate: (c) => { const [name] = tfDataStore(c); const [b, block] = tfFor(c, 'aws_s3_bucket_public_access_block', name); block.restrict_public_buckets = false; return `aws_s3_bucket_public_access_block.${b}`; } },
  { name: 'grant * on * in a person’s policy', format: 'terraform', rule: 'SBX-IAM-001', mutate: (c) => { const [name, p] = tf(c, 'aws_iam_role_policy', (_r, n) => /grants$/.test(n)); const doc = JSON.parse(p.policy); doc.Statement.push({ Effect: 'Allow', Action: '*', Resource: '*' }); p.policy = JSON.stringify(doc); return `aws_iam_role_policy.${name}`; } },
  { name: 'drop the data events', format: 'terraform', rule: 'SBX-LOG-004', mutate: (c) => { const [, trail] = tf(c, 'aws_cloudtrail'); delete trail.event_selector; return `aws_s3_bucket.${tfDataStore(c)[0]}`; } },
  { name: 'allow everyone but one account in a bucket policy (NotPrincipal)', format: 'terraform', rule: 'SBX-DATA-005', also: ['SBX-IAM-002'], mutate: (c) => { const [name] = tfDataStore(c); const [p, pol] = tfFor(c, 'aws_s3_bucket_policy', name); const doc = JSON.parse(pol.policy); doc.Statement.push({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:GetObject', Resource: '*' }); pol.policy = JSON.stringify(doc); return `aws_s3_bucket_policy.${p}`; } },
  { name: 'wrap the network in a registry module', format: 'terraform', rule: 'SBX-NET-001', outcome: 'UNKNOWN', also: ALL_TERRAFORM_RULES, path: 'source', mutate: (c) => { c.module = { vpc: { source: 'terraform-aws-modules/vpc/aws', enable_nat_gateway: true } }; return 'module.vpc'; } },
  { name: 'allow MFA-less sessions', format: 'terraform', rule: 'SBX-IAM-003', mutate: (c) => { const [name, r] = tf(c, 'aws_iam_role', (x) => x.assume_role_policy.includes('MultiFactorAuthPresent')); r.assume_role_policy = r.assume_role_policy.replace('"Bool"', '"BoolIfExists"'); return `aws_iam_role.${name}`; } },
  // Kubernetes
  { name: 'add an image without digest', format: 'kubernetes', rule: 'SBX-K8S-010', path: 'spec.template.spec.containers[0]', mutate: (d) => { podSpec(d).containers[0].image = 'registry.sandbox.example.eu/eu-ai-sandbox/sandbox-cli:latest'; return idOf(k8s(d, 'Job')); } },
  { name: 'pull from an unlisted registry', format: 'kubernetes', rule: 'SBX-K8S-019', mutate: (d) => { podSpec(d).containers[0].image = `docker.io/library/python@sha256:${'0'.repeat(64)}`; return idOf(k8s(d, 'Job')); } },
  { name: 'run as root', format: 'kubernetes', rule: 'SBX-K8S-011', mutate: (d) => { podSpec(d).securityContext.runAsUser = 0; return idOf(k8s(d, 'Job')); } },
  { name: 'allow privilege escalation', format: 'kubernetes', rule: 'SBX-K8S-012', mutate: (d) => { podSpec(d).containers[0].securityContext.allowPrivilegeEscalation = true; return idOf(k8s(d, 'Job')); } },
  { name: 'add a capability', format: 'kubernetes', rule: 'SBX-K8S-013', mutate: (d) => { podSpec(d).containers[0].securityContext.capabilities.add = ['NET_ADMIN']; return idOf(k8s(d, 'Job')); } },
  { name: 'add back NET_BIND_SERVICE (restricted Pod Security would)', format: 'kubernetes', rule: 'SBX-K8S-013', path: 'spec.template.spec.containers[0]', mutate: (d) => { podSpec(d).containers[0].securityContext.capabilities.add = ['NET_BIND_SERVICE']; return idOf(k8s(d, 'Job')); } },
  { name: 'use a Localhost seccomp profile (restricted Pod Security would)', format: 'kubernetes', rule: 'SBX-K8S-014', path: 'spec.template.spec.containers[0]', mutate: (d) => { podSpec(d).containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/any.json' }; return idOf(k8s(d, 'Job')); } },
  { name: 'run as the namespace’s default service account with its token', format: 'kubernetes', rule: 'SBX-K8S-020', path: 'spec.template.spec', mutate: (d) => { delete podSpec(d).automountServiceAccountToken; delete podSpec(d).serviceAccountName; return idOf(k8s(d, 'Job')); } },
  { name: 'run unconfined', format: 'kubernetes', rule: 'SBX-K8S-014', mutate: (d) => { podSpec(d).securityContext.seccompProfile = { type: 'Unconfined' }; delete podSpec(d).containers[0].securityContext.seccompProfile; return idOf(k8s(d, 'Job')); } },
  { name: 'drop the limits', format: 'kubernetes', rule: 'SBX-K8S-015', mutate: (d) => { delete podSpec(d).containers[0].resources.limits; return idOf(k8s(d, 'Job')); } },
  { name: 'mount a hostPath', format: 'kubernetes', rule: 'SBX-K8S-016', path: 'spec.template.spec', mutate: (d) => { podSpec(d).volumes.push({ name: 'host', hostPath: { path: '/' } }); return idOf(k8s(d, 'Job')); } },
  { name: 'use the host network', format: 'kubernetes', rule: 'SBX-K8S-017', path: 'spec.template.spec', mutate: (d) => { podSpec(d).hostNetwork = true; return idOf(k8s(d, 'Job')); } },
  { name: 'run privileged', format: 'kubernetes', rule: 'SBX-K8S-018', path: 'spec.template.spec.containers[0]', mutate: (d) => { podSpec(d).containers[0].securityContext.privileged = true; return idOf(k8s(d, 'Job')); } },
  { name: 'lower the namespace to baseline', format: 'kubernetes', rule: 'SBX-K8S-001', mutate: (d) => { const ns = k8s(d, 'Namespace'); ns.metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline'; return idOf(ns); } },
  { name: 'remove the default deny', format: 'kubernetes', rule: 'SBX-K8S-002', mutate: (d) => { d.objects = d.objects.filter((o: Doc) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny')); return idOf(k8s(d, 'Namespace')); } },
  { name: 'allow egress to 0.0.0.0/0', format: 'kubernetes', rule: 'SBX-K8S-003', mutate: (d) => { const p = k8s(d, 'NetworkPolicy', 'allow-dns-egress'); p.spec.egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }); return idOf(p); } },
  { name: 'add a cluster-wide binding', format: 'kubernetes', rule: 'SBX-K8S-004', mutate: (d) => { const b = { ...k8s(d, 'RoleBinding'), kind: 'ClusterRoleBinding', metadata: { ...k8s(d, 'RoleBinding').metadata, name: 'tenant-wide' } }; delete b.metadata.namespace; d.objects.push(b); return 'ClusterRoleBinding/tenant-wide'; } },
  { name: 'remove the quota', format: 'kubernetes', rule: 'SBX-K8S-005', mutate: (d) => { d.objects = d.objects.filter((o: Doc) => o.kind !== 'ResourceQuota'); return idOf(k8s(d, 'Namespace')); } },
  { name: 'weaken the admission policy by hand', format: 'kubernetes', rule: 'SBX-K8S-006', mutate: (d) => { const p = k8s(d, 'ValidatingAdmissionPolicy'); p.spec.validations[0].expression = 'true'; return idOf(p); } },
  { name: 'switch admission off with a false match condition and a Jobs exclusion', format: 'kubernetes', rule: 'SBX-K8S-006', mutate: (d) => { const p = k8s(d, 'ValidatingAdmissionPolicy'); p.spec.matchConditions = [{ name: 'off', expression: 'false' }]; p.spec.matchConstraints.excludeResourceRules = [{ apiGroups: ['batch'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['jobs'] }]; return idOf(p); } },
  { name: 'narrow the binding to labelled workloads', format: 'kubernetes', rule: 'SBX-K8S-006', path: 'spec.matchResources', mutate: (d) => { const b = k8s(d, 'ValidatingAdmissionPolicyBinding'); b.spec.matchResources.objectSelector = { matchLabels: { enforce: 'yes' } }; return idOf(b); } },
  { name: 'grant every verb on everything', format: 'kubernetes', rule: 'SBX-IAM-001', mutate: (d) => { const r = k8s(d, 'Role'); r.rules.push({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }); return idOf(r); } },
  { name: 'bind every authenticated user', format: 'kubernetes', rule: 'SBX-IAM-002', mutate: (d) => { const b = k8s(d, 'RoleBinding'); b.subjects.push({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }); return idOf(b); } },
  { name: 'label an object for another tenant', format: 'kubernetes', rule: 'SBX-TAG-001', mutate: (d) => { const j = k8s(d, 'Job'); j.metadata.labels['sandbox/tenant'] = 'other-tenant'; return idOf(j); } },
  { name: 'pin a Job to a US region', format: 'kubernetes', rule: 'SBX-RES-001', mutate: (d) => { podSpec(d).nodeSelector = { 'topology.kubernetes.io/region': 'us-east-1' }; return idOf(k8s(d, 'Job')); } },
];

const FORMAT_OF = (path: string) => (path.endsWith('.template.json') ? 'cloudformation' : path.endsWith('.tf.json') ? 'terraform' : path.endsWith('.yaml') ? 'kubernetes' : undefined);

function parse(format: Mutation['format'], content: string): Doc {
  return format === 'kubernetes' ? { objects: parseAllDocuments(content).map((d) => d.toJS()).filter((o) => o) } : JSON.parse(content);
}
function serialise(format: Mutation['format'], doc: Doc): string {
  return format === 'kubernetes' ? doc.objects.map((o: Doc) => `---\n${stringify(o)}`).join('') : JSON.stringify(doc, null, 1);
}

const TENANTS = exampleTenants();

describe.each(TENANTS.map((t) => [t.id, t] as const))('mutations of the artifacts of example tenant %s', (_id, tenant) => {
  let artifacts: ArtifactInput[];
  beforeAll(async () => {
    artifacts = (await tenantArtifacts([tenant])).filter((a) => FORMAT_OF(a.path));
  });

  it('start from artifacts without findings', () => {
    expect(checkArtifacts(artifacts, { tenants: knownTenants([tenant]) }).findings).toEqual([]);
  });

  it.each(MUTATIONS.map((m) => [`${m.format}: ${m.name} → ${m.rule}`, m] as const))('%s', (_name, m) => {
    const original = artifacts.find((a) => FORMAT_OF(a.path) === m.format)!;
    const doc = parse(m.format, original.content);
    const resource = m.mutate(doc);
    const mutated = { ...original, content: serialise(m.format, doc) };
    const result = checkArtifacts([mutated], { tenants: knownTenants([tenant]) });
    const outcome = m.outcome ?? 'NON_COMPLIANT';
    const fired = result.findings.filter((f) => f.outcome === outcome);
    const hits = fired.filter((f) => f.ruleId === m.rule);
    expect(hits.map((f) => f.resource), JSON.stringify(result.findings.map((f) => [f.ruleId, f.resource, f.path, f.message]), null, 1)).toContain(resource);
    if (m.path !== undefined) expect(hits.filter((f) => f.resource === resource).map((f) => f.path)).toEqual([m.path]);
    for (const f of hits) {
      expect(f.file).toBe(original.path);
      expect(f.severity).toBe(outcome === 'UNKNOWN' ? 'note' : 'error');
    }
    if (outcome === 'NON_COMPLIANT') expect(result.summary.errors).toBeGreaterThan(0);
    else expect(result.summary.unknown).toBeGreaterThan(0);
    // Only the rules the change concerns fire: a mutation is no excuse for unrelated noise.
    expect([...new Set(result.findings.map((f) => f.ruleId))].filter((id) => id !== m.rule && !(m.also ?? []).includes(id))).toEqual([]);
  });
});
