import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-012',
  rationale: 'Unless allowPrivilegeEscalation is false, a setuid binary in the image can regain privileges the container was meant not to have.',
  remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
  supports: ['ai-act-59-1-d', 'nen-7510-8-2'],
  crossReferences: { checkov: ['CKV_K8S_20'] },
});
