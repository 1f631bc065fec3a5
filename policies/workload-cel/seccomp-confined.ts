import type { WorkloadCelRule } from './rule.ts';

/**
 * RuntimeDefault only, stricter than restricted Pod Security (which also admits Localhost): a
 * Localhost profile is a file on the node that nobody in the sandbox reviews, and may allow every
 * system call. A container's own seccompProfile overrides the pod's, so each container is judged
 * by the one that applies.
 */
export const seccompConfined: WorkloadCelRule = {
  id: 'SBX-K8S-014',
  title: 'Containers run under the RuntimeDefault seccomp profile',
  expression: [
    'variables.allContainers.all(c,',
    '  has(c.securityContext) && has(c.securityContext.seccompProfile)',
    "    ? c.securityContext.seccompProfile.type == 'RuntimeDefault'",
    "    : has(variables.podSecurityContext.seccompProfile) && variables.podSecurityContext.seccompProfile.type == 'RuntimeDefault')",
  ].join('\n'),
  message: 'seccompProfile.type must be RuntimeDefault, on the pod or on every container',
};
