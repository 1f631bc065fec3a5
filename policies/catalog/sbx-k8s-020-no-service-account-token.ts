import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-020',
  rationale:
    'A service account token in the pod is a credential for the Kubernetes API that a model could use or carry out of the sandbox, past the export airlock; a model has no business talking to that API. The namespace’s default service account mounts a token unless the pod says otherwise; the tenant’s workload account mounts none.',
  remediation: 'Set automountServiceAccountToken: false on the pod template (or run it as serviceAccountName: workload without setting the field), and mount no projected serviceAccountToken volume.',
  supports: ['ai-act-59-1-d', 'ai-act-59-1-e', 'nen-7510-8-2'],
  crossReferences: { checkov: ['CKV_K8S_38'] },
});
