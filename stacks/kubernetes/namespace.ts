import type { Tenant } from '../../tenancy/index.ts';
import { tenantLabels } from './labels.ts';
import { namespaceName } from './names.ts';
import type { INamespace } from './types.ts';

/**
 * The Pod Security Standard version the namespace is held to. Pinned, so a cluster upgrade cannot
 * change what the tenant's workloads are checked against without a reviewed change here; v1.30 is
 * the first release with ValidatingAdmissionPolicy in admissionregistration.k8s.io/v1, the oldest
 * cluster this workload space can run on.
 */
export const POD_SECURITY_VERSION = 'v1.30';

/** AI Act Art. 59(1)(d): one namespace per tenant, held to the restricted Pod Security Standard. */
export function tenantNamespace(tenant: Tenant): INamespace {
  const podSecurity: Record<string, string> = {};
  for (const mode of ['audit', 'enforce', 'warn']) {
    podSecurity[`pod-security.kubernetes.io/${mode}`] = 'restricted';
    podSecurity[`pod-security.kubernetes.io/${mode}-version`] = POD_SECURITY_VERSION;
  }
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespaceName(tenant), labels: { ...tenantLabels(tenant), ...podSecurity } },
  };
}
