import type { WorkloadCelVariable } from './rule.ts';

/**
 * The kinds whose pod template the rules inspect, as admission resource rules. `podSpec` below
 * resolves exactly these kinds; the ValidatingAdmissionPolicy matches exactly these resources.
 * Ephemeral containers arrive through the pods/ephemeralcontainers subresource, so it is matched
 * too: a debug container must not be the way around the rules.
 */
export const WORKLOAD_RESOURCE_RULES = [
  { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['cronjobs', 'jobs'] },
] as const;

/** A CEL string literal; registry names are plain, but a quote must never end the literal early. */
export function celString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function celStringList(values: readonly string[]): string {
  return `[${values.map(celString).join(', ')}]`;
}

/**
 * The shared variables, in evaluation order (a variable may use the ones before it). Only
 * `allowedRegistries` depends on the tenant: it is the tenant's list as a literal, so the policy
 * needs no parameter resource and the CI evaluation needs nothing but the expression.
 */
export function workloadCelVariables(allowedRegistries: readonly string[]): readonly WorkloadCelVariable[] {
  return [
    {
      name: 'podSpec',
      // Pod and CronJob have their own paths; Job, Deployment, StatefulSet, DaemonSet, ReplicaSet
      // and ReplicationController all carry spec.template.spec. Any other kind is never matched by the policy.
      expression: [
        "object.kind == 'Pod' ? object.spec",
        ": object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec",
        ': object.spec.template.spec',
      ].join('\n'),
    },
    {
      name: 'podSecurityContext',
      expression: 'has(variables.podSpec.securityContext) ? variables.podSpec.securityContext : {}',
    },
    {
      name: 'allContainers',
      expression: [
        'variables.podSpec.containers',
        '+ (has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : [])',
        '+ (has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : [])',
      ].join('\n'),
    },
    {
      // The API rejects resources on ephemeral containers, so limits are required of the others only.
      name: 'containersWithResources',
      expression: 'variables.podSpec.containers + (has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : [])',
    },
    { name: 'allowedRegistries', expression: celStringList(allowedRegistries) },
  ];
}
