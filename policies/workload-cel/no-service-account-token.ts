import type { WorkloadCelRule } from './rule.ts';
import { celString } from './workload-variables.ts';

/**
 * The service account a tenant's workloads run as. The tenant's manifests create it with token
 * automount off and bind it to no role; stacks/kubernetes names it from here.
 */
export const WORKLOAD_SERVICE_ACCOUNT = 'workload';

/**
 * A token in the pod is a credential for the Kubernetes API that a model could carry out of the
 * sandbox, and a model has no business talking to that API. The pod's automountServiceAccountToken
 * overrides its service account's, so the pod either says false, or says nothing and runs as the
 * workload account, which mounts none (the namespace's `default` account does). A projected
 * serviceAccountToken volume would mount one anyway, so none may carry it. The API server's
 * service-account admission adds the token volume before validation, so a pod that would get a
 * token is denied by the second half too.
 */
export const noServiceAccountToken: WorkloadCelRule = {
  id: 'SBX-K8S-020',
  title: 'Workloads mount no service account token',
  expression: [
    '(has(variables.podSpec.automountServiceAccountToken)',
    '  ? variables.podSpec.automountServiceAccountToken == false',
    `  : has(variables.podSpec.serviceAccountName) && variables.podSpec.serviceAccountName == ${celString(WORKLOAD_SERVICE_ACCOUNT)})`,
    '&& (!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, !has(v.projected)',
    '  || !has(v.projected.sources) || v.projected.sources.all(s, !has(s.serviceAccountToken))))',
  ].join('\n'),
  message: `automountServiceAccountToken must be false on the pod (or the pod must run as service account '${WORKLOAD_SERVICE_ACCOUNT}', which mounts no token), and no projected volume may carry a serviceAccountToken`,
};
