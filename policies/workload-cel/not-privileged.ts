import type { WorkloadCelRule } from './rule.ts';

/** A privileged container is root on the node: every other rule would be moot. */
export const notPrivileged: WorkloadCelRule = {
  id: 'SBX-K8S-018',
  title: 'No privileged containers',
  expression: 'variables.allContainers.all(c, !(has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged))',
  message: 'securityContext.privileged must not be true',
};
