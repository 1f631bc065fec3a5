import type { BucketFacts, RoleFacts, SecurityProfile } from '../../stacks/blueprint/index.ts';

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

export function securityProfileFromCloudFormation(template: object): SecurityProfile {
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
    };
  }

  const keys: Record<string, { rotation: boolean }> = {};
  for (const [id, key] of ofType('AWS::KMS::Key')) keys[keyNames.get(id) ?? id] = { rotation: isTrue(key.Properties?.EnableKeyRotation) };

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
    network = {
      internetGateway: ofType('AWS::EC2::InternetGateway').length > 0,
      natGateway: ofType('AWS::EC2::NatGateway').length > 0,
      publicSubnets: publicSubnets.length,
      flowLogs: ofType('AWS::EC2::FlowLog').some(([, f]) => f.Properties?.ResourceType === 'VPC'),
      endpoints: ofType('AWS::EC2::VPCEndpoint')
        .map(([, e]) => literalText(e.Properties?.ServiceName).split('.').pop() ?? '')
        .sort(),
      openIngressToWorld:
        ofType('AWS::EC2::SecurityGroup').some(([, g]) => asArray(g.Properties?.SecurityGroupIngress).some(world)) ||
        ofType('AWS::EC2::SecurityGroupIngress').some(([, r]) => world(r.Properties)),
    };
  }

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
    const actions = [...attached, ...inline].flatMap(statementsOf).filter((s) => s.Effect === 'Allow').flatMap((s) => asArray(s.Action).map(String));
    roles[typeof p.RoleName === 'string' ? p.RoleName : id] = {
      requiresMfa: trust.length > 0 && trust.every((s) => isRecord(s.Condition) && isRecord(s.Condition.Bool) && isTrue(s.Condition.Bool['aws:MultiFactorAuthPresent'])),
      hasPermissionBoundary: p.PermissionsBoundary !== undefined,
      actions: [...new Set(actions)].sort(),
    };
  }

  return { buckets, keys, logGroups, trail, network, roles };
}
