import type { WorkloadCelRule } from './rule.ts';

/** A hostPath volume reaches the node's disk, and through it other tenants' data (AI Act Art. 59(1)(d)). */
export const noHostPathVolumes: WorkloadCelRule = {
  id: 'SBX-K8S-016',
  title: 'No hostPath volumes',
  expression: '!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, !has(v.hostPath))',
  message: 'hostPath volumes are not allowed',
};
