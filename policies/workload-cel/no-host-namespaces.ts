import type { WorkloadCelRule } from './rule.ts';

/** The host's network would bypass the tenant's NetworkPolicy; its PID and IPC namespaces expose other pods. */
export const noHostNamespaces: WorkloadCelRule = {
  id: 'SBX-K8S-017',
  title: 'No host network, PID or IPC namespace',
  expression: [
    '!(has(variables.podSpec.hostNetwork) && variables.podSpec.hostNetwork)',
    '&& !(has(variables.podSpec.hostPID) && variables.podSpec.hostPID)',
    '&& !(has(variables.podSpec.hostIPC) && variables.podSpec.hostIPC)',
  ].join('\n'),
  message: 'hostNetwork, hostPID and hostIPC must not be true',
};
