import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-014',
  rationale: 'Without a seccomp profile every system call is open to the container; RuntimeDefault removes the ones container escapes rely on.',
  remediation: 'Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or Localhost with a reviewed profile).',
  supports: ['ai-act-59-1-d', 'nen-7510-8-9'],
  crossReferences: { checkov: ['CKV_K8S_31'] },
});
