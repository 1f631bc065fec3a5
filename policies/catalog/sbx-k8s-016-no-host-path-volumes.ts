import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-016',
  rationale: 'A hostPath volume reaches the node’s disk, and through it the container runtime and other tenants’ volumes.',
  remediation: 'Use the tenant’s PersistentVolumeClaim or emptyDir volumes; never hostPath.',
  supports: ['ai-act-59-1-d', 'nen-7510-8-22'],
  crossReferences: {},
});
