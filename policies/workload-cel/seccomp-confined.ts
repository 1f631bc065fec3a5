import type { WorkloadCelRule } from './rule.ts';

/** A container's own seccompProfile overrides the pod's, so each container is judged by the one that applies. */
export const seccompConfined: WorkloadCelRule = {
  id: 'SBX-K8S-014',
  title: 'Containers run under a RuntimeDefault or Localhost seccomp profile',
  expression: [
    'variables.allContainers.all(c,',
    '  has(c.securityContext) && has(c.securityContext.seccompProfile)',
    "    ? c.securityContext.seccompProfile.type in ['RuntimeDefault', 'Localhost']",
    "    : has(variables.podSecurityContext.seccompProfile) && variables.podSecurityContext.seccompProfile.type in ['RuntimeDefault', 'Localhost'])",
  ].join('\n'),
  message: 'seccompProfile.type must be RuntimeDefault or Localhost, on the pod or on every container',
};
