import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-013',
  rationale: 'Linux capabilities such as NET_RAW or SYS_ADMIN let a container sniff traffic or escape; a model needs none of them. Stricter than restricted Pod Security: not even NET_BIND_SERVICE may be added back, since nothing in a tenant serves a port.',
  remediation: 'Set securityContext.capabilities.drop: [ALL] on every container and add none back; listen on a port above 1024 instead of adding NET_BIND_SERVICE.',
  supports: ['ai-act-59-1-d', 'nen-7510-8-2'],
  crossReferences: { checkov: ['CKV_K8S_37', 'CKV_K8S_28'] },
});
