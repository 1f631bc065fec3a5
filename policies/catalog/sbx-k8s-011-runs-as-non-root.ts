import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-011',
  rationale: 'A process running as root inside a container is one kernel bug away from root on the shared node, and from there other tenants’ data.',
  remediation: 'Set securityContext.runAsNonRoot: true on the pod (or every container) and never runAsUser: 0.',
  supports: ['ai-act-59-1-d', 'nen-7510-8-2'],
  crossReferences: { checkov: ['CKV_K8S_23'] },
});
