import type { Tenant } from '../../tenancy/index.ts';
import { WORKLOAD_SERVICE_ACCOUNT } from './names.ts';
import { namespacedMeta } from './object-meta.ts';
import type { IServiceAccount } from './types.ts';

/**
 * The identity workloads run as. It is bound to no role and mounts no token: a model has no
 * business talking to the Kubernetes API, and a token in the pod is a credential to exfiltrate.
 */
export function workloadServiceAccount(tenant: Tenant): IServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: namespacedMeta(tenant, WORKLOAD_SERVICE_ACCOUNT),
    automountServiceAccountToken: false,
  };
}
