import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-013',
  rationale: 'Linux capabilities such as NET_RAW or SYS_ADMIN let a container sniff traffic or escape; a model needs none of them.',
  remediation: 'Set securityContext.capabilities.drop: [ALL] on every container; add back NET_BIND_SERVICE only if needed.',
  supports: ['ai-act-59-1-d', 'nen-7510-8-2'],
  crossReferences: { checkov: ['CKV_K8S_37', 'CKV_K8S_28'] },
});
