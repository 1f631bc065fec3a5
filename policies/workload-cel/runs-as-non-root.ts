import type { WorkloadCelRule } from './rule.ts';

/**
 * Restricted Pod Security: runAsNonRoot must be true for every container, set on the container or
 * inherited from the pod, and no one may ask for UID 0 explicitly.
 */
export const runsAsNonRoot: WorkloadCelRule = {
  id: 'SBX-K8S-011',
  title: 'Containers run as a non-root user',
  expression: [
    'variables.allContainers.all(c,',
    '  (has(c.securityContext) && has(c.securityContext.runAsNonRoot)',
    '    ? c.securityContext.runAsNonRoot == true',
    '    : has(variables.podSecurityContext.runAsNonRoot) && variables.podSecurityContext.runAsNonRoot == true)',
    '  && !(has(c.securityContext) && has(c.securityContext.runAsUser) && c.securityContext.runAsUser == 0))',
    '&& !(has(variables.podSecurityContext.runAsUser) && variables.podSecurityContext.runAsUser == 0)',
  ].join('\n'),
  message: 'runAsNonRoot must be true (on the pod or on every container) and runAsUser must not be 0',
};
