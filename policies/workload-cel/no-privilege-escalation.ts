import type { WorkloadCelRule } from './rule.ts';

/** Unset means allowed (setuid binaries can gain privileges), so the field must say false. */
export const noPrivilegeEscalation: WorkloadCelRule = {
  id: 'SBX-K8S-012',
  title: 'No container may escalate privileges',
  expression: [
    'variables.allContainers.all(c, has(c.securityContext)',
    '  && has(c.securityContext.allowPrivilegeEscalation)',
    '  && c.securityContext.allowPrivilegeEscalation == false)',
  ].join('\n'),
  message: 'securityContext.allowPrivilegeEscalation must be false on every container',
};
