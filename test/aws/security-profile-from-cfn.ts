import type { BucketFacts, KeyFacts, Permissions, RoleFacts, SecurityProfile } from '../../stacks/blueprint/index.ts';
import { ACCOUNT, endpointAccessOf, keyPrincipalsOf, permissionsOf, principalsOf, trustOf, type NeutralContext, type NeutralStatement } from '../engines/neutral-names.ts';

/**
 * Reads the SecurityProfile out of a synthesized CloudFormation template, knowing nothing of the
 * CDK code that wrote it: only resource types, properties, tags and intrinsic references. The
 * parity test compares this with the Terraform engine's extraction, and the AWS tests compare it
 * with what the blueprint implies.
 */
type Json = unknown;
interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}

const asArray = (value: Json): Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const isRecord = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The logical id an intrinsic points at: `{Ref: id}`, `{Fn::GetAtt: [id, attr]}`, or a Join starting with one. */
function referencedId(value: Json): string | null {
  if (!isRecord(value)) return null;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0] ?? null;
  const join = value['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    for (const part of join[1] as Json[]) {
      const id = referencedId(part);
      if (id) return id;
    }
  }
  return null;
}

/** The literal text of a value, with intrinsics reduced to their literal parts. */
function literalText(value: Json): string {
  if (typeof value === 'string') return value;
  if (isRecord(value) && Array.isArray(value['Fn::Join']) && Array.isArray(value['Fn::Join'][1])) {
    return (value['Fn::Join'][1] as Json[]).map((part) => (typeof part === 'string' ? part : '')).join(String(value['Fn::Join'][0] ?? ''));
  }
  return '';
}

function tagsOf(resource: Resource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of asArray(resource.Properties?.Tags)) {
    if (isRecord(tag) && typeof tag.Key === 'string') out[tag.Key] = String(tag.Value);
  }
  return out;
}

function statementsOf(document: Json): Record<string, Json>[] {
  return isRecord(document) ? asArray(document.Statement).filter(isRecord) : [];
}

const isTrue = (value: Json) => value === true || value === 'true';
const isFalse = (value: Json) => value === false || value === 'false';
const anyPrincipal = (principal: Json) => principal === '*' || (isRecord(principal) && asArray(principal.AWS).includes('*'));

/**
 * `region` is where the stack deploys: what `AWS::Region` and region-less ARNs resolve to.
 */
export function securityProfileFromCloudFormation(template: object, region: string): SecurityProfile {
  const resources = ((template as { Resources?: Record<string, Resource> }).Resources ?? {}) as Record<string, Resource>;
  const entries = Object.entries(resources);
  const ofType = (type: string) => entries.filter(([, r]) => r.Type === type);

  // Keys are named by their alias: alias/sandbox/<tenant>/<data|evidence>.
  const keyNames = new Map<string, string>();
  for (const [, alias] of ofType('AWS::KMS::Alias')) {
    const target = referencedId(alias.Properties?.TargetKeyId);
    const name = String(alias.Properties?.AliasName ?? '');
    if (target) keyNames.set(target, name.split('/').pop() ?? name);
  }

  const bucketKeys = new Map<string, string>();
  for (const [id, bucket] of ofType('AWS::S3::Bucket')) {
    const tags = tagsOf(bucket);
    const kind = tags['sandbox:store-kind'];
    const key = kind === 'data-store' ? tags['sandbox:store'] : kind === 'log-store' ? tags['sandbox:retention-class'] : kind === 'server-access-logs' ? 's3logs' : undefined;
    bucketKeys.set(id, key ?? id);
  }

  /** A value as the text it resolves to at deploy time, references to the tenant's resources as ARNs or `role:<name>`. */
  const text = (value: Json): string => {
    if (typeof value === 'string') return value;
    if (!isRecord(value)) return String(value);
    if (value.Ref === 'AWS::AccountId') return ACCOUNT;
    if (value.Ref === 'AWS::Partition') return 'aws';
    if (value.Ref === 'AWS::Region') return region;
    const join = value['Fn::Join'];
    if (Array.isArray(join) && Array.isArray(join[1])) return (join[1] as Json[]).map(text).join(String(join[0] ?? ''));
    const id = referencedId(value);
    const target = id ? resources[id] : undefined;
    if (!id || !target) return JSON.stringify(value);
    const attribute = isRecord(value) && value['Fn::GetAtt'] !== undefined ? 'Arn' : 'Ref';
    switch (target.Type) {
      case 'AWS::S3::Bucket':
        return attribute === 'Arn' ? `arn:aws:s3:::${text(target.Properties?.BucketName)}` : text(target.Properties?.BucketName);
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${region}:${ACCOUNT}:key/${keyNames.get(id) ?? id}`;
      case 'AWS::IAM::Role':
        return `role:${text(target.Properties?.RoleName)}`;
      case 'AWS::Logs::LogGroup':
        return attribute === 'Arn' ? `arn:aws:logs:${region}:${ACCOUNT}:log-group:${text(target.Properties?.LogGroupName)}:*` : text(target.Properties?.LogGroupName);
      default:
        return `${target.Type}:${id}`;
    }
  };
  const neutral: NeutralContext = {
    region,
    bucketStores: new Map(ofType('AWS::S3::Bucket').map(([id, b]) => [text(b.Properties?.BucketName), bucketKeys.get(id)!])),
  };
  const statementsIn = (document: Json): NeutralStatement[] =>
    statementsOf(document).map((s) => ({
      effect: String(s.Effect),
      principals: principalsOf(s.Principal, text),
      actions: asArray(s.Action).map(String),
      resources: asArray(s.Resource).map(text),
      conditions: isRecord(s.Condition)
        ? Object.fromEntries(Object.entries(s.Condition).map(([op, byKey]) => [op, isRecord(byKey) ? Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, asArray(v).map(text)])) : {}]))
        : {},
    }));

  const policiesOf = (bucketId: string) =>
    ofType('AWS::S3::BucketPolicy')
      .filter(([, p]) => referencedId(p.Properties?.Bucket) === bucketId)
      .flatMap(([, p]) => statementsOf(p.Properties?.PolicyDocument));

  const buckets: Record<string, BucketFacts> = {};
  for (const [id, bucket] of ofType('AWS::S3::Bucket')) {
    const p = bucket.Properties ?? {};
    const sse = isRecord(p.BucketEncryption) ? asArray(p.BucketEncryption.ServerSideEncryptionConfiguration).find(isRecord) : undefined;
    const byDefault = sse && isRecord(sse.ServerSideEncryptionByDefault) ? sse.ServerSideEncryptionByDefault : undefined;
    let encryption: BucketFacts['encryption'] = 'none';
    if (byDefault?.SSEAlgorithm === 'AES256') encryption = 'sse-s3';
    if (byDefault?.SSEAlgorithm === 'aws:kms') {
      const keyName = keyNames.get(referencedId(byDefault.KMSMasterKeyID) ?? '');
      encryption = keyName === 'data' ? 'data-key' : keyName === 'evidence' ? 'evidence-key' : 'none';
    }
    const pab = isRecord(p.PublicAccessBlockConfiguration) ? p.PublicAccessBlockConfiguration : {};
    const denies = policiesOf(id).filter((s) => s.Effect === 'Deny' && anyPrincipal(s.Principal));
    const conditionOf = (s: Record<string, Json>, operator: string, key: string) => (isRecord(s.Condition) && isRecord(s.Condition[operator]) ? s.Condition[operator][key] : undefined);
    const retention = isRecord(p.ObjectLockConfiguration) && isRecord(p.ObjectLockConfiguration.Rule) && isRecord(p.ObjectLockConfiguration.Rule.DefaultRetention) ? p.ObjectLockConfiguration.Rule.DefaultRetention : undefined;
    const logging = isRecord(p.LoggingConfiguration) ? referencedId(p.LoggingConfiguration.DestinationBucketName) : null;
    buckets[bucketKeys.get(id)!] = {
      encryption,
      versioning: isRecord(p.VersioningConfiguration) && p.VersioningConfiguration.Status === 'Enabled',
      publicAccessBlocked: ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every((k) => isTrue(pab[k])),
      tlsOnly: denies.some((s) => isFalse(conditionOf(s, 'Bool', 'aws:SecureTransport'))),
      endpointOnly: denies.some((s) => conditionOf(s, 'StringNotEquals', 'aws:SourceVpce') !== undefined),
      objectLock:
        isTrue(p.ObjectLockEnabled) && retention
          ? { mode: String(retention.Mode), days: typeof retention.Days === 'number' ? retention.Days : Number(retention.Years ?? 0) * 365 }
          : null,
      accessLogsTo: logging ? (bucketKeys.get(logging) ?? logging) : null,
      tags: tagsOf(bucket),
      // CloudFormation deletes only an empty bucket; emptying it first takes a custom resource.
      removal: /^Retain/.test(String((bucket as { DeletionPolicy?: string }).DeletionPolicy ?? 'Delete'))
        ? 'retained'
        : ofType('Custom::S3AutoDeleteObjects').some(([, c]) => referencedId(c.Properties?.BucketName) === id)
          ? 'deleted-with-contents'
          : 'deleted-when-empty',
    };
  }

  const keys: Record<string, KeyFacts> = {};
  for (const [id, key] of ofType('AWS::KMS::Key')) {
    keys[keyNames.get(id) ?? id] = { rotation: isTrue(key.Properties?.EnableKeyRotation), principals: keyPrincipalsOf(statementsIn(key.Properties?.KeyPolicy), region) };
  }

  const logGroups: Record<string, { retentionDays: number; encrypted: boolean }> = {};
  for (const [id, group] of ofType('AWS::Logs::LogGroup')) {
    const p = group.Properties ?? {};
    logGroups[typeof p.LogGroupName === 'string' ? p.LogGroupName : id] = { retentionDays: Number(p.RetentionInDays ?? 0), encrypted: p.KmsKeyId !== undefined };
  }

  const [trailEntry] = ofType('AWS::CloudTrail::Trail');
  const trail = trailEntry
    ? {
        logFileValidation: isTrue(trailEntry[1].Properties?.EnableLogFileValidation),
        encrypted: trailEntry[1].Properties?.KMSKeyId !== undefined,
        dataEventStores: asArray(trailEntry[1].Properties?.EventSelectors)
          .filter(isRecord)
          .flatMap((selector) => asArray(selector.DataResources).filter(isRecord))
          .filter((resource) => resource.Type === 'AWS::S3::Object')
          .flatMap((resource) => asArray(resource.Values).map((v) => bucketKeys.get(referencedId(v) ?? '') ?? literalText(v)))
          .sort(),
      }
    : null;

  const vpcs = ofType('AWS::EC2::VPC');
  let network: SecurityProfile['network'] = null;
  if (vpcs.length > 0) {
    const igwRouteTables = new Set(
      ofType('AWS::EC2::Route')
        .filter(([, r]) => r.Properties?.GatewayId !== undefined || r.Properties?.NatGatewayId !== undefined)
        .map(([, r]) => referencedId(r.Properties?.RouteTableId)),
    );
    const publicSubnets = ofType('AWS::EC2::Subnet').filter(
      ([id, s]) =>
        isTrue(s.Properties?.MapPublicIpOnLaunch) ||
        ofType('AWS::EC2::SubnetRouteTableAssociation').some(([, a]) => referencedId(a.Properties?.SubnetId) === id && igwRouteTables.has(referencedId(a.Properties?.RouteTableId))),
    );
    const world = (rule: Json) => isRecord(rule) && (rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0');
    const ingress = [
      ...ofType('AWS::EC2::SecurityGroup').flatMap(([, g]) => asArray(g.Properties?.SecurityGroupIngress).filter(isRecord)),
      ...ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties ?? {}),
    ];
    const source = (rule: Record<string, Json>) => text(rule.CidrIp ?? rule.CidrIpv6 ?? rule.SourcePrefixListId ?? rule.SourceSecurityGroupId ?? '?');
    const s3Endpoints = ofType('AWS::EC2::VPCEndpoint').filter(([, e]) => text(e.Properties?.ServiceName).endsWith('.s3'));
    network = {
      internetGateway: ofType('AWS::EC2::InternetGateway').length > 0,
      natGateway: ofType('AWS::EC2::NatGateway').length > 0,
      publicSubnets: publicSubnets.length,
      flowLogs: ofType('AWS::EC2::FlowLog').some(([, f]) => f.Properties?.ResourceType === 'VPC'),
      endpoints: ofType('AWS::EC2::VPCEndpoint')
        .map(([, e]) => literalText(e.Properties?.ServiceName).split('.').pop() ?? '')
        .sort(),
      openIngressToWorld: ingress.some(world),
      securityGroupIngress: ingress.map((r) => `${String(r.IpProtocol)} ${String(r.FromPort)}-${String(r.ToPort)} from ${source(r)}`).sort(),
      s3EndpointAccess: endpointAccessOf(s3Endpoints.flatMap(([, e]) => statementsIn(e.Properties?.PolicyDocument)), neutral),
      // No CloudFormation resource type can take rules away from the default group; only a custom
      // resource (aws-cdk-lib's, backed by a Lambda) can.
      defaultSecurityGroupClosed: vpcs.every(([id]) => ofType('Custom::VpcRestrictDefaultSG').some(([, c]) => text(c.Properties?.DefaultSecurityGroupId).includes(id))),
    };
  }

  const managedPolicies = new Map(ofType('AWS::IAM::ManagedPolicy'));
  const permissionBoundaries: Record<string, Permissions> = {};
  const roles: Record<string, RoleFacts> = {};
  for (const [id, role] of ofType('AWS::IAM::Role')) {
    const p = role.Properties ?? {};
    const trust = statementsOf(p.AssumeRolePolicyDocument).filter((s) => s.Effect === 'Allow');
    // People assume roles through an AWS principal; service roles (flow-log delivery) are not people.
    if (!trust.some((s) => isRecord(s.Principal) && s.Principal.AWS !== undefined)) continue;
    const attached = [
      ...ofType('AWS::IAM::ManagedPolicy').filter(([policyId, m]) => asArray(m.Properties?.Roles).some((r) => referencedId(r) === id) || asArray(p.ManagedPolicyArns).some((a) => referencedId(a) === policyId)),
      ...ofType('AWS::IAM::Policy').filter(([, m]) => asArray(m.Properties?.Roles).some((r) => referencedId(r) === id)),
    ].map(([, m]) => m.Properties?.PolicyDocument);
    const inline = asArray(p.Policies).filter(isRecord).map((policy) => policy.PolicyDocument);
    const boundaryId = p.PermissionsBoundary === undefined ? null : referencedId(p.PermissionsBoundary);
    const boundary = boundaryId ? managedPolicies.get(boundaryId) : undefined;
    let boundaryName: string | null = p.PermissionsBoundary === undefined ? null : text(p.PermissionsBoundary);
    if (boundaryId && boundary) {
      boundaryName = text(boundary.Properties?.ManagedPolicyName ?? boundaryId);
      permissionBoundaries[boundaryName] = permissionsOf(statementsIn(boundary.Properties?.PolicyDocument), neutral);
    }
    roles[typeof p.RoleName === 'string' ? p.RoleName : id] = {
      requiresMfa: trust.length > 0 && trust.every((s) => isRecord(s.Condition) && isRecord(s.Condition.Bool) && isTrue(s.Condition.Bool['aws:MultiFactorAuthPresent'])),
      trust: trustOf(statementsIn(p.AssumeRolePolicyDocument)),
      boundary: boundaryName,
      permissions: permissionsOf([...attached, ...inline].flatMap(statementsIn), neutral),
    };
  }

  return { buckets, keys, logGroups, trail, network, roles, permissionBoundaries };
}
