import type { Tenant } from '../../tenancy/index.ts';
import { workloadAdmissionCel, workloadBindingMatchResources, workloadMatchConstraints } from '../../policies/workload-cel/index.ts';
import { admissionPolicyName, namespaceName } from './names.ts';
import { clusterMeta } from './object-meta.ts';
import type { IValidatingAdmissionPolicy, IValidatingAdmissionPolicyBinding } from './types.ts';

/**
 * The workload rules of policies/workload-cel, enforced by the API server for this tenant's
 * namespace. One policy per tenant because the allowed registries are the tenant's. failurePolicy
 * Fail: a rule that cannot be evaluated denies rather than lets a workload through.
 */
export function workloadAdmissionPolicy(tenant: Tenant): IValidatingAdmissionPolicy {
  const cel = workloadAdmissionCel(tenant);
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: clusterMeta(tenant, admissionPolicyName(tenant)),
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: workloadMatchConstraints(),
      variables: cel.variables.map((v) => ({ name: v.name, expression: v.expression })),
      validations: cel.validations.map((v) => ({ expression: v.expression, message: v.message, reason: v.reason })),
    },
  };
}

/**
 * Deny and Audit: the user sees the rule that refused the workload, and the API server's audit log
 * keeps the refusal (AI Act Art. 12). Matched on the immutable kubernetes.io/metadata.name label,
 * which no tenant can set on another namespace.
 */
export function workloadAdmissionPolicyBinding(tenant: Tenant): IValidatingAdmissionPolicyBinding {
  const name = admissionPolicyName(tenant);
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: clusterMeta(tenant, name),
    spec: {
      policyName: name,
      validationActions: ['Deny', 'Audit'],
      matchResources: workloadBindingMatchResources(namespaceName(tenant)),
    },
  };
}
