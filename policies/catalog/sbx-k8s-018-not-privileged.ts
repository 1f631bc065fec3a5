import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-018',
  rationale: 'A privileged container is root on the node with every device: all other isolation is moot.',
  remediation: 'Leave securityContext.privileged unset or false on every container.',
  supports: ['ai-act-59-1-d', 'nen-7510-8-2'],
  crossReferences: { checkov: ['CKV_K8S_16'] },
});
