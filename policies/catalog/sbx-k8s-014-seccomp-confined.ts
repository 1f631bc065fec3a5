import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-014',
  rationale: 'Without a seccomp profile every system call is open to the container; RuntimeDefault removes the ones container escapes rely on. Stricter than restricted Pod Security: a Localhost profile is a file on the node that nobody in the sandbox reviews and may allow everything, so only RuntimeDefault is admitted.',
  remediation: 'Set securityContext.seccompProfile.type: RuntimeDefault on the pod, and on no container anything else.',
  supports: ['ai-act-59-1-d', 'nen-7510-8-9'],
  crossReferences: { checkov: ['CKV_K8S_31'] },
});
