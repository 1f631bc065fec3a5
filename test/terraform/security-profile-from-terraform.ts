import type { BucketFacts, KeyFacts, NetworkFacts, Permissions, RoleFacts, SecurityProfile } from '../../stacks/blueprint/index.ts';
import { ACCOUNT, endpointAccessOf, keyPrincipalsOf, permissionsOf, principalsOf, trustOf, type NeutralContext, type NeutralStatement } from '../engines/neutral-names.ts';

/**
 * Reads the security-relevant facts of a tenant out of Terraform JSON (cdk.tf.json), into the
 * engine-neutral SecurityProfile that the CloudFormation side is read into as well. It follows
 * references (`${aws_s3_bucket.x.arn}`) and tags, never the engine's resource names, so it reads
 * what Terraform would deploy rather than how this engine happens to name things.
 */

type Body = Record<string, unknown>;

interface Ref {
  readonly type: string;
  readonly name: string;
}

interface PolicyStatementLike {
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

const REFERENCE = /\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}/g;

/** Every `type.name` a value refers to, looking through nested strings, arrays and objects. */
function refsIn(value: unknown): Ref[] {
  if (typeof value === 'string') return [...value.matchAll(REFERENCE)].map((m) => ({ type: m[1]!, name: m[2]! }));
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(refsIn);
  return [];
}

const refersTo = (value: unknown, type: string, name: string) => refsIn(value).some((r) => r.type === type && r.name === name);

/** A nested block: cdktf writes lists of blocks as arrays and single blocks as objects. */
function blocks(value: unknown): Body[] {
  if (Array.isArray(value)) return value.filter((v): v is Body => !!v && typeof v === 'object');
  return value && typeof value === 'object' ? [value as Body] : [];
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

function statements(policy: unknown): PolicyStatementLike[] {
  if (typeof policy !== 'string') return [];
  const parsed = JSON.parse(policy) as { Statement?: PolicyStatementLike | PolicyStatementLike[] };
  return Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
}

class TerraformConfig {
  readonly resources: Record<string, Record<string, Body>>;
  readonly defaultTags: Record<string, string>;
  readonly region: string;

  constructor(json: object) {
    const config = json as { resource?: Record<string, Record<string, Body>>; provider?: { aws?: Body | Body[] } };
    this.resources = config.resource ?? {};
    const provider = blocks(config.provider?.aws)[0] ?? {};
    this.defaultTags = { ...((blocks(provider.default_tags)[0]?.tags as Record<string, string> | undefined) ?? {}) };
    this.region = String(provider.region ?? '');
  }

  body(ref: Ref): Body | undefined {
    return this.resources[ref.type]?.[ref.name];
  }

  all(type: string): [string, Body][] {
    return Object.entries(this.resources[type] ?? {});
  }

  /** Resources of `type` whose `attribute` refers to `target`. */
  referring(type: string, attribute: string, target: Ref): Body[] {
    return this.all(type)
      .filter(([, body]) => refersTo(body[attribute], target.type, target.name))
      .map(([, body]) => body);
  }

  tagsOf(body: Body): Record<string, string> {
    return { ...this.defaultTags, ...((body.tags as Record<string, string> | undefined) ?? {}) };
  }
}

/** Store keys as the SecurityProfile names them: data stores by id, log stores by class, `s3logs`. */
function storeKey(tags: Record<string, string>, name: string): string {
  switch (tags['sandbox:store-kind']) {
    case 'data-store':
      return tags['sandbox:store'] ?? name;
    case 'log-store':
      return tags['sandbox:retention-class'] ?? name;
    case 'server-access-logs':
      return 's3logs';
    default:
      return name;
  }
}

/** `data` / `evidence`, from the key's alias (`alias/sandbox/<tenant>/data`). */
function keyKinds(tf: TerraformConfig): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const [, alias] of tf.all('aws_kms_alias')) {
    const kind = String(alias.name ?? '').split('/').pop() ?? '';
    for (const ref of refsIn(alias.target_key_id)) if (ref.type === 'aws_kms_key') kinds.set(ref.name, kind);
  }
  return kinds;
}

/**
 * A string as the text it resolves to at apply time: the account and partition as the profile
 * writes them, references to the tenant's buckets, keys, log groups and policies as their ARNs or
 * names, a role as `role:<name>`.
 */
function resolver(tf: TerraformConfig, kinds: Map<string, string>): (value: unknown) => string {
  const text = (value: unknown): string =>
    String(value).replace(/\$\{([^}]+)\}/g, (expression: string, inner: string) => {
      if (inner === 'local.account_id' || inner === 'data.aws_caller_identity.current.account_id') return ACCOUNT;
      if (inner === 'data.aws_partition.current.partition') return 'aws';
      const [type, name, attribute] = inner.split('.') as [string, string, string];
      const body = tf.body({ type, name });
      if (!body) return expression;
      switch (type) {
        case 'aws_s3_bucket':
          return attribute === 'arn' ? `arn:aws:s3:::${text(body.bucket)}` : text(body.bucket);
        case 'aws_kms_key':
          return `arn:aws:kms:${tf.region}:${ACCOUNT}:key/${kinds.get(name) ?? name}`;
        case 'aws_iam_role':
          return `role:${text(body.name)}`;
        case 'aws_iam_policy':
          return text(body.name);
        case 'aws_cloudwatch_log_group':
          return attribute === 'arn' ? `arn:aws:logs:${tf.region}:${ACCOUNT}:log-group:${text(body.name)}` : text(body.name);
        default:
          return expression;
      }
    });
  return text;
}

/** The statements of a JSON policy with every value resolved. */
function neutralStatements(policy: unknown, text: (value: unknown) => string): NeutralStatement[] {
  return statements(policy).map((s) => ({
    effect: String(s.Effect),
    principals: principalsOf(s.Principal, text),
    actions: asList(s.Action),
    resources: asList(s.Resource).map(text),
    conditions: Object.fromEntries(Object.entries(s.Condition ?? {}).map(([op, byKey]) => [op, Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, asList(v).map(text)]))])),
  }));
}

function bucketEncryption(tf: TerraformConfig, bucket: Ref, kinds: Map<string, string>): BucketFacts['encryption'] {
  const config = tf.referring('aws_s3_bucket_server_side_encryption_configuration', 'bucket', bucket)[0];
  const byDefault = blocks(config?.rule).flatMap((r) => blocks(r.apply_server_side_encryption_by_default))[0];
  if (!byDefault) return 'none';
  if (byDefault.sse_algorithm === 'AES256') return 'sse-s3';
  const key = refsIn(byDefault.kms_master_key_id).find((r) => r.type === 'aws_kms_key');
  const kind = key ? kinds.get(key.name) : undefined;
  if (kind === 'data') return 'data-key';
  if (kind === 'evidence') return 'evidence-key';
  throw new Error(`bucket ${bucket.name} is encrypted with a key that is neither the tenant's data nor its evidence key`);
}

const denies = (s: PolicyStatementLike) => s.Effect === 'Deny';

function bucketFacts(tf: TerraformConfig, name: string, body: Body, keys: (ref: Ref) => string, kinds: Map<string, string>): BucketFacts {
  const bucket = { type: 'aws_s3_bucket', name };
  const policies = [body.policy, ...tf.referring('aws_s3_bucket_policy', 'bucket', bucket).map((p) => p.policy)].flatMap(statements);
  const endpoints = new Set(tf.all('aws_vpc_endpoint').map(([n]) => n));
  const versioning = tf.referring('aws_s3_bucket_versioning', 'bucket', bucket).flatMap((v) => blocks(v.versioning_configuration));
  const block = tf.referring('aws_s3_bucket_public_access_block', 'bucket', bucket)[0];
  const retention = tf
    .referring('aws_s3_bucket_object_lock_configuration', 'bucket', bucket)
    .flatMap((c) => blocks(c.rule))
    .flatMap((r) => blocks(r.default_retention))[0];
  const logging = tf.referring('aws_s3_bucket_logging', 'bucket', bucket)[0];
  const logTarget = refsIn(logging?.target_bucket).find((r) => r.type === 'aws_s3_bucket');
  return {
    encryption: bucketEncryption(tf, bucket, kinds),
    versioning: versioning.some((v) => v.status === 'Enabled'),
    publicAccessBlocked: !!block && ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every((k) => block[k] === true),
    tlsOnly: policies.some((s) => denies(s) && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
    endpointOnly: policies.some(
      (s) => denies(s) && refsIn(s.Condition?.StringNotEquals?.['aws:SourceVpce']).some((r) => r.type === 'aws_vpc_endpoint' && endpoints.has(r.name)),
    ),
    objectLock:
      body.object_lock_enabled === true && retention
        ? { mode: String(retention.mode), days: Number(retention.days ?? 0) + 365 * Number(retention.years ?? 0) }
        : null,
    accessLogsTo: logTarget ? keys(logTarget) : null,
    tags: tf.tagsOf(body),
    removal: blocks(body.lifecycle).some((l) => l.prevent_destroy === true) ? 'retained' : body.force_destroy === true ? 'deleted-with-contents' : 'deleted-when-empty',
  };
}

function networkFacts(tf: TerraformConfig, text: (value: unknown) => string, neutral: NeutralContext): NetworkFacts | null {
  const vpcs = tf.all('aws_vpc');
  if (vpcs.length === 0) return null;
  const gateways = [...tf.all('aws_internet_gateway'), ...tf.all('aws_egress_only_internet_gateway')].map(([n]) => n);
  const routesToInternet = (table: string) =>
    [
      ...blocks(tf.resources.aws_route_table?.[table]?.route),
      ...tf.referring('aws_route', 'route_table_id', { type: 'aws_route_table', name: table }),
    ].some((route) => refsIn(route.gateway_id).some((r) => r.type === 'aws_internet_gateway'));
  const publicSubnets = tf.all('aws_subnet').filter(([name, subnet]) => {
    if (subnet.map_public_ip_on_launch === true) return true;
    return tf
      .referring('aws_route_table_association', 'subnet_id', { type: 'aws_subnet', name })
      .some((a) => refsIn(a.route_table_id).some((r) => r.type === 'aws_route_table' && routesToInternet(r.name)));
  }).length;
  const world = (cidrs: unknown) => asList(cidrs).some((c) => c === '0.0.0.0/0' || c === '::/0');
  const inlineIngress = [...tf.all('aws_security_group'), ...tf.all('aws_default_security_group')].flatMap(([, g]) => blocks(g.ingress));
  const ruleIngress = tf.all('aws_security_group_rule').filter(([, r]) => r.type === 'ingress').map(([, r]) => r);
  const vpcIngress = tf.all('aws_vpc_security_group_ingress_rule').map(([, r]) => r);
  const openIngressToWorld =
    [...inlineIngress, ...ruleIngress].some((i) => world(i.cidr_blocks) || world(i.ipv6_cidr_blocks)) || vpcIngress.some((r) => world(r.cidr_ipv4) || world(r.cidr_ipv6));
  const rule = (protocol: unknown, from: unknown, to: unknown, sources: readonly unknown[]) => sources.map((source) => `${String(protocol)} ${String(from)}-${String(to)} from ${text(source)}`);
  const securityGroupIngress = [
    ...[...inlineIngress, ...ruleIngress].flatMap((i) =>
      rule(i.protocol, i.from_port, i.to_port, [...asList(i.cidr_blocks), ...asList(i.ipv6_cidr_blocks), ...asList(i.security_groups), ...asList(i.source_security_group_id)]),
    ),
    ...vpcIngress.flatMap((r) => rule(r.ip_protocol, r.from_port, r.to_port, [r.cidr_ipv4 ?? r.cidr_ipv6 ?? r.prefix_list_id ?? r.referenced_security_group_id ?? '?'])),
  ].sort();
  const s3Endpoints = tf.all('aws_vpc_endpoint').filter(([, e]) => text(e.service_name).endsWith('.s3'));
  return {
    internetGateway: gateways.length > 0,
    natGateway: tf.all('aws_nat_gateway').length > 0,
    publicSubnets,
    flowLogs: tf.all('aws_flow_log').some(([, f]) => vpcs.some(([vpc]) => refersTo(f.vpc_id, 'aws_vpc', vpc))),
    endpoints: tf
      .all('aws_vpc_endpoint')
      .map(([, e]) => String(e.service_name).split('.').pop()!)
      .sort(),
    openIngressToWorld,
    securityGroupIngress,
    s3EndpointAccess: endpointAccessOf(s3Endpoints.flatMap(([, e]) => neutralStatements(e.policy, text)), neutral),
    // aws_default_security_group adopts the group and removes every rule it does not list.
    defaultSecurityGroupClosed: vpcs.every(([vpc]) =>
      tf.referring('aws_default_security_group', 'vpc_id', { type: 'aws_vpc', name: vpc }).some((g) => blocks(g.ingress).length === 0 && blocks(g.egress).length === 0),
    ),
  };
}

/** Roles people assume (an AWS principal in the trust policy); service roles are not persons. */
function roleFacts(tf: TerraformConfig, text: (value: unknown) => string, neutral: NeutralContext): { roles: Record<string, RoleFacts>; boundaries: Record<string, Permissions> } {
  const managed = new Map(tf.all('aws_iam_policy'));
  const roles: Record<string, RoleFacts> = {};
  const boundaries: Record<string, Permissions> = {};
  for (const [name, role] of tf.all('aws_iam_role')) {
    const trust = statements(role.assume_role_policy).filter((s) => s.Effect === 'Allow');
    const byPeople = trust.filter((s) => !!s.Principal && typeof s.Principal === 'object' && 'AWS' in s.Principal);
    if (byPeople.length === 0) continue;
    const ref = { type: 'aws_iam_role', name };
    const attached = tf
      .referring('aws_iam_role_policy_attachment', 'role', ref)
      .flatMap((a) => refsIn(a.policy_arn).filter((r) => r.type === 'aws_iam_policy'))
      .map((r) => managed.get(r.name)?.policy);
    const policies = [...tf.referring('aws_iam_role_policy', 'role', ref).map((p) => p.policy), ...blocks(role.inline_policy).map((p) => p.policy), ...attached];
    let boundary: string | null = typeof role.permissions_boundary === 'string' && role.permissions_boundary.length > 0 ? text(role.permissions_boundary) : null;
    const boundaryRef = refsIn(role.permissions_boundary).find((r) => r.type === 'aws_iam_policy');
    const boundaryBody = boundaryRef ? managed.get(boundaryRef.name) : undefined;
    if (boundaryBody) {
      boundary = text(boundaryBody.name ?? boundaryRef!.name);
      boundaries[boundary] = permissionsOf(neutralStatements(boundaryBody.policy, text), neutral);
    }
    roles[String(role.name ?? name)] = {
      requiresMfa: trust.every((s) => s.Condition?.Bool?.['aws:MultiFactorAuthPresent'] === 'true'),
      trust: trustOf(neutralStatements(role.assume_role_policy, text)),
      boundary,
      permissions: permissionsOf(policies.flatMap((p) => neutralStatements(p, text)), neutral),
    };
  }
  return { roles, boundaries };
}

export function securityProfileFromTerraform(json: object): SecurityProfile {
  const tf = new TerraformConfig(json);
  const kinds = keyKinds(tf);
  const bucketBodies = new Map(tf.all('aws_s3_bucket'));
  const keyOf = (ref: Ref) => {
    const body = bucketBodies.get(ref.name);
    return body ? storeKey(tf.tagsOf(body), ref.name) : ref.name;
  };

  const buckets: Record<string, BucketFacts> = {};
  for (const [name, body] of bucketBodies) buckets[keyOf({ type: 'aws_s3_bucket', name })] = bucketFacts(tf, name, body, keyOf, kinds);

  const text = resolver(tf, kinds);
  const neutral: NeutralContext = { region: tf.region, bucketStores: new Map([...bucketBodies].map(([name, body]) => [text(body.bucket), keyOf({ type: 'aws_s3_bucket', name })])) };

  const keys: Record<string, KeyFacts> = {};
  for (const [name, key] of tf.all('aws_kms_key')) {
    keys[kinds.get(name) ?? name] = { rotation: key.enable_key_rotation === true, principals: keyPrincipalsOf(neutralStatements(key.policy, text), tf.region) };
  }

  const logGroups: Record<string, { retentionDays: number; encrypted: boolean }> = {};
  for (const [name, group] of tf.all('aws_cloudwatch_log_group')) {
    logGroups[String(group.name ?? name)] = { retentionDays: Number(group.retention_in_days ?? 0), encrypted: typeof group.kms_key_id === 'string' };
  }

  const trailBody = tf.all('aws_cloudtrail')[0]?.[1];
  const trail = trailBody
    ? {
        logFileValidation: trailBody.enable_log_file_validation === true,
        encrypted: typeof trailBody.kms_key_id === 'string',
        dataEventStores: blocks(trailBody.event_selector)
          .flatMap((s) => blocks(s.data_resource))
          .filter((d) => d.type === 'AWS::S3::Object')
          .flatMap((d) => refsIn(d.values).filter((r) => r.type === 'aws_s3_bucket'))
          .map(keyOf)
          .sort(),
      }
    : null;

  const { roles, boundaries } = roleFacts(tf, text, neutral);
  return { buckets, keys, logGroups, trail, network: networkFacts(tf, text, neutral), roles, permissionBoundaries: boundaries };
}
