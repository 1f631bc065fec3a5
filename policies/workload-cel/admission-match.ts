import { WORKLOAD_RESOURCE_RULES } from './workload-variables.ts';

/**
 * What the tenant's ValidatingAdmissionPolicy matches and how its binding selects the namespace,
 * written once: stacks/kubernetes writes exactly these, and SBX-K8S-006 refuses a policy or a
 * binding that differs, since a narrower match (an exclusion, a match condition, fewer operations,
 * an object selector) switches the workload rules off for whatever falls outside it.
 */

/** Creation and every update: a workload must not be admitted clean and changed afterwards. */
export const WORKLOAD_ADMISSION_OPERATIONS = ['CREATE', 'UPDATE'] as const;

/** The policy's `spec.matchConstraints`: only resource rules, every workload kind, no exclusions or selectors. */
export function workloadMatchConstraints() {
  return {
    resourceRules: WORKLOAD_RESOURCE_RULES.map((r) => ({
      apiGroups: [...r.apiGroups],
      apiVersions: [...r.apiVersions],
      operations: [...WORKLOAD_ADMISSION_OPERATIONS],
      resources: [...r.resources],
    })),
  };
}

/**
 * The binding's `spec.matchResources`: the namespace by its immutable kubernetes.io/metadata.name
 * label, which no tenant can set on another namespace, and nothing else.
 */
export function workloadBindingMatchResources(namespace: string) {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } };
}
