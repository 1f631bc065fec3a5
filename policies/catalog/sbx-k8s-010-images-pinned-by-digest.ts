import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-010',
  rationale:
    'A tag can be moved to other bytes after review; a digest cannot. Pinning by digest makes the model that ran the one that was admitted and recorded. It is decided on the image reference alone, so a tag-only image is refused even where the tenant’s allowed registries are unknown (SBX-K8S-019 judges the registry).',
  remediation: 'Reference every image as <allowed registry>/<repository>@sha256:<64 hex digits>.',
  supports: ['ai-act-12', 'ai-act-59-1-d', 'nen-7510-8-9'],
  crossReferences: { checkov: ['CKV_K8S_43'] },
});
