import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-017',
  rationale: 'The host’s network namespace bypasses the tenant’s NetworkPolicies; its PID and IPC namespaces expose other pods’ processes and memory.',
  remediation: 'Leave hostNetwork, hostPID and hostIPC unset or false.',
  supports: ['ai-act-59-1-d', 'ai-act-59-1-e', 'nen-7510-8-22'],
  crossReferences: { checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'] },
});
