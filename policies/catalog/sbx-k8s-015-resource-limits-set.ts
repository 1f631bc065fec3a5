import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-015',
  rationale: 'On a shared cluster a container without CPU and memory limits can starve other tenants and the platform’s own monitoring and logging.',
  remediation: 'Set resources.limits.cpu and resources.limits.memory on every container and init container.',
  supports: ['ai-act-59-1-c', 'nen-7510-8-9'],
  crossReferences: { checkov: ['CKV_K8S_11', 'CKV_K8S_13'] },
});
