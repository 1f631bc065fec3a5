import { KEY_ADMINISTRATION_ACTIONS, LOGS_SERVICE_KEY_ACTIONS, s3EndpointActions } from './resource-policies.ts';
import { PERSON_TRUST_ACTIONS, personTrustConditions } from './person-trust.ts';
import { keyUse, KMS_DECRYPT, KMS_ENCRYPT, LOGS_READ, roleStatements, S3_BUCKET_READ, S3_OBJECT_READ, S3_OBJECT_WRITE, TRAIL_LOOKUP, TRAIL_READ, type ResourceRef } from './role-statements.ts';
import type { BucketFacts, KeyFacts, Permissions, ResourceToken, RoleFacts, SecurityProfile } from './security-profile.ts';
import type { AwsTenantBlueprint } from './tenant-blueprint.ts';

/** The engines that render the AWS blueprint: CDK (CloudFormation) and cdktf (Terraform). */
export type AwsEngineName = 'aws' | 'terraform';

/**
 * Where the two engines cannot render the same thing, stated here rather than hidden, each with
 * what it means for a tenant. The parity test asserts that these, and nothing else, differ.
 */
export const ENGINE_DIFFERENCES = {
  /**
   * Terraform adopts the VPC's default security group (aws_default_security_group) and removes its
   * rules. CloudFormation has no resource for the default group: AWS::EC2::SecurityGroupIngress and
   * …Egress only add rules, and the group cannot be deleted, so closing it takes a Lambda-backed
   * custom resource (aws-cdk-lib's restrictDefaultSecurityGroup), which a tenant does not get. Its
   * AWS default rules stay: all traffic from members of the group, all egress. Nothing in the
   * tenant uses the group, and the VPC has no route out, so that egress reaches only the tenant's
   * own endpoints. Acknowledged as cdk-nag VPCDefaultSecurityGroupClosed.
   */
  defaultSecurityGroupClosed: { aws: false, terraform: true },
  /**
   * At exit the data stores leave the configuration (AI Act Art. 59(1)(g)). Terraform empties and
   * deletes them (force_destroy). CloudFormation deletes a bucket only when it holds no object
   * version, and emptying one takes a Lambda-backed custom resource, which a tenant does not get:
   * a versioned data store with objects is skipped with DELETE_FAILED and left outside the stack.
   * So the exit report tells the operator to empty the data stores (every version and delete
   * marker) before deploying the exited CloudFormation template. Whatever is left is unreadable
   * once the data key, which leaves the template at the same deploy, is deleted after its waiting
   * period (crypto-shredding).
   */
  dataStoreRemoval: { aws: 'deleted-when-empty', terraform: 'deleted-with-contents' },
} as const satisfies Record<string, Record<AwsEngineName, unknown>>;

/**
 * The SecurityProfile a correct rendering of the blueprint has in the given engine. Each engine's
 * tests extract the profile from its own output and compare it with this, so "what the blueprint
 * implies" is written once and cannot be read two ways by two engines; where the engines
 * necessarily differ, ENGINE_DIFFERENCES says how.
 */
export function expectedSecurityProfile(blueprint: AwsTenantBlueprint, engine: AwsEngineName): SecurityProfile {
  const sal = blueprint.serverAccessLogs;
  const loggedTo = (key: string) => (sal.loggedStores.includes(key) ? 's3logs' : null);
  const bucket = (facts: Pick<BucketFacts, 'encryption' | 'endpointOnly' | 'objectLock' | 'tags' | 'removal'> & { key: string }): BucketFacts => ({
    encryption: facts.encryption,
    versioning: true,
    publicAccessBlocked: true,
    tlsOnly: true,
    endpointOnly: facts.endpointOnly,
    objectLock: facts.objectLock,
    accessLogsTo: loggedTo(facts.key),
    tags: { ...blueprint.tags, ...facts.tags },
    removal: facts.removal,
  });

  const buckets: Record<string, BucketFacts> = {};
  for (const store of blueprint.dataStores) {
    buckets[store.id] = bucket({ key: store.id, encryption: 'data-key', endpointOnly: true, objectLock: null, tags: store.tags, removal: ENGINE_DIFFERENCES.dataStoreRemoval[engine] });
  }
  for (const store of blueprint.logStores) {
    buckets[store.retentionClass] = bucket({
      key: store.retentionClass,
      encryption: 'evidence-key',
      endpointOnly: false,
      objectLock: { mode: 'COMPLIANCE', days: store.objectLockDays },
      tags: store.tags,
      removal: 'retained',
    });
  }
  buckets.s3logs = bucket({ key: 's3logs', encryption: sal.encryption, endpointOnly: false, objectLock: null, tags: sal.tags, removal: 'retained' });

  const keys: Record<string, KeyFacts> = { evidence: { rotation: blueprint.evidenceKey.enableRotation, principals: keyPrincipals(blueprint, 'evidence-key') } };
  if (blueprint.dataKey) keys.data = { rotation: blueprint.dataKey.enableRotation, principals: keyPrincipals(blueprint, 'data-key') };

  const roles: Record<string, RoleFacts> = {};
  for (const role of blueprint.roles) {
    const trustedAs = `account${conditionText(personTrustConditions(role.sourceIdentity))}`;
    roles[role.roleName] = {
      requiresMfa: role.requireMfa,
      trust: permissions(PERSON_TRUST_ACTIONS.map((action) => [action, trustedAs] as const)),
      boundary: blueprint.permissionBoundaryName,
      permissions: permissions(roleStatements(role).flatMap((s) => s.actions.flatMap((action) => s.resources.flatMap((r) => tokensOf(r, blueprint).map((t) => [action, t] as const))))),
    };
  }

  const network = blueprint.network;
  return {
    buckets,
    keys,
    logGroups: Object.fromEntries(blueprint.logGroups.map((g) => [g.name, { retentionDays: g.retentionDays, encrypted: true }])),
    trail: blueprint.trail
      ? { logFileValidation: blueprint.trail.logFileValidation, encrypted: true, dataEventStores: [...blueprint.trail.dataEventStores].sort() }
      : null,
    network: network
      ? {
          internetGateway: false,
          natGateway: false,
          publicSubnets: 0,
          flowLogs: true,
          endpoints: [...network.gatewayEndpoints, ...network.interfaceEndpoints].sort(),
          openIngressToWorld: false,
          securityGroupIngress: network.isolated ? [] : [`tcp 443-443 from ${network.cidr}`],
          s3EndpointAccess: Object.fromEntries(blueprint.buckets.map((b) => [b.store, s3EndpointActions(network.isolated).sort()])),
          defaultSecurityGroupClosed: ENGINE_DIFFERENCES.defaultSecurityGroupClosed[engine],
        }
      : null,
    roles,
    permissionBoundaries: { [blueprint.permissionBoundaryName]: boundaryPermissions(blueprint) },
  };
}

/** Groups (action, resource) pairs into Permissions, sorted, without duplicates. */
export function permissions(pairs: Iterable<readonly [string, ResourceToken]>): Permissions {
  const byAction = new Map<string, Set<ResourceToken>>();
  for (const [action, resource] of pairs) byAction.set(action, (byAction.get(action) ?? new Set()).add(resource));
  return Object.fromEntries([...byAction].sort(([a], [b]) => (a < b ? -1 : 1)).map(([action, resources]) => [action, [...resources].sort()]));
}

/**
 * A statement's conditions as the profile appends them to a resource or principal:
 * ` if <operator> <key>=<value>|<value>` per key, values and parts sorted, so a conditioned
 * grant differs from an unconditioned one whichever engine wrote it.
 */
export function conditionText(conditions: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>): string {
  const parts = Object.entries(conditions).flatMap(([op, byKey]) => Object.entries(byKey).map(([key, values]) => ` if ${op} ${key}=${[values].flat().sort().join('|')}`));
  return parts.sort().join('');
}

/** How the profile names what a role statement's abstract resource resolves to. */
function tokensOf(ref: ResourceRef, blueprint: AwsTenantBlueprint): ResourceToken[] {
  switch (ref.kind) {
    case 'bucket':
      return [`store:${ref.store}`];
    case 'bucket-objects':
      return [`store:${ref.store}/*`];
    case 'log-bucket':
      return [`store:${ref.retentionClass}`];
    case 'log-bucket-objects':
      return [`store:${ref.retentionClass}/${ref.prefix ?? ''}*`];
    case 'data-key':
      return ['key:data'];
    case 'evidence-key':
      return ['key:evidence'];
    case 'log-groups':
      // The groups (DescribeLogStreams) and their streams (GetLogEvents).
      return [`log-group:${blueprint.logGroupPrefix}*`, `log-group:${blueprint.logGroupPrefix}*:*`];
    case 'trail':
      return [`trail:${blueprint.trailName}`];
    case 'unscoped':
      return ['*'];
  }
}

/** The ceiling of every person role: the tenant's own stores, keys, log groups and trail. */
function boundaryPermissions(blueprint: AwsTenantBlueprint): Permissions {
  const stores = blueprint.buckets.flatMap((b) => [`store:${b.store}`, `store:${b.store}/*`]);
  const pairs = (actions: readonly string[], resources: readonly ResourceToken[]) => actions.flatMap((a) => resources.map((r) => [a, r] as const));
  return permissions([
    ...pairs([...S3_BUCKET_READ, ...S3_OBJECT_READ, ...S3_OBJECT_WRITE], stores),
    ...pairs([...KMS_DECRYPT, ...KMS_ENCRYPT], [`key:* if StringEquals aws:ResourceTag/sandbox:tenant=${blueprint.tenantId}`]),
    ...pairs(LOGS_READ, [`log-group:${blueprint.logGroupPrefix}*`]),
    ...pairs(TRAIL_READ, [`trail:${blueprint.trailName}`]),
    ...pairs(TRAIL_LOOKUP, ['*']),
  ]);
}

/** Who a key policy lets do what: the account administers, people use through services, services write logs. */
function keyPrincipals(blueprint: AwsTenantBlueprint, kind: 'data-key' | 'evidence-key'): KeyFacts['principals'] {
  const out: Record<string, string[]> = { account: [...KEY_ADMINISTRATION_ACTIONS].sort() };
  for (const role of blueprint.roles) {
    const uses = keyUse(role, kind);
    if (uses.length > 0) out[`role:${role.roleName}`] = uses.flatMap(({ via, actions }) => actions.map((a) => `${a} via ${via}`)).sort();
  }
  if (kind === 'evidence-key') {
    out[`service:logs.${blueprint.region}.amazonaws.com`] = [...LOGS_SERVICE_KEY_ACTIONS].sort();
    if (blueprint.trail) out['service:cloudtrail.amazonaws.com'] = ['kms:DescribeKey', 'kms:GenerateDataKey*'];
  }
  return out;
}
