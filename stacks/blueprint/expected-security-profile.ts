import { roleStatements } from './role-statements.ts';
import type { BucketFacts, RoleFacts, SecurityProfile } from './security-profile.ts';
import type { AwsTenantBlueprint } from './tenant-blueprint.ts';

/**
 * The SecurityProfile a correct rendering of the blueprint has. Each engine's tests extract the
 * profile from its own output and compare it with this, so "what the blueprint implies" is written
 * once and cannot be read two ways by two engines.
 */
export function expectedSecurityProfile(blueprint: AwsTenantBlueprint): SecurityProfile {
  const sal = blueprint.serverAccessLogs;
  const loggedTo = (key: string) => (sal.loggedStores.includes(key) ? 's3logs' : null);
  const bucket = (facts: Pick<BucketFacts, 'encryption' | 'endpointOnly' | 'objectLock' | 'tags'> & { key: string }): BucketFacts => ({
    encryption: facts.encryption,
    versioning: true,
    publicAccessBlocked: true,
    tlsOnly: true,
    endpointOnly: facts.endpointOnly,
    objectLock: facts.objectLock,
    accessLogsTo: loggedTo(facts.key),
    tags: { ...blueprint.tags, ...facts.tags },
  });

  const buckets: Record<string, BucketFacts> = {};
  for (const store of blueprint.dataStores) {
    buckets[store.id] = bucket({ key: store.id, encryption: 'data-key', endpointOnly: true, objectLock: null, tags: store.tags });
  }
  for (const store of blueprint.logStores) {
    buckets[store.retentionClass] = bucket({
      key: store.retentionClass,
      encryption: 'evidence-key',
      endpointOnly: false,
      objectLock: { mode: 'COMPLIANCE', days: store.objectLockDays },
      tags: store.tags,
    });
  }
  buckets.s3logs = bucket({ key: 's3logs', encryption: sal.encryption, endpointOnly: false, objectLock: null, tags: sal.tags });

  const keys: Record<string, { rotation: boolean }> = { evidence: { rotation: blueprint.evidenceKey.enableRotation } };
  if (blueprint.dataKey) keys.data = { rotation: blueprint.dataKey.enableRotation };

  const roles: Record<string, RoleFacts> = {};
  for (const role of blueprint.roles) {
    roles[role.roleName] = {
      requiresMfa: role.requireMfa,
      hasPermissionBoundary: true,
      actions: [...new Set(roleStatements(role).flatMap((s) => s.actions))].sort(),
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
        }
      : null,
    roles,
  };
}
