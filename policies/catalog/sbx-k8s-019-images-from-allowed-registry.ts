import { workloadCelRule } from '../kubernetes/workload-cel-check.ts';

export const rule = workloadCelRule({
  id: 'SBX-K8S-019',
  rationale:
    'Images from public hubs or any registry the tenant was not granted bring code nobody reviewed into the sandbox, next to health data. The allowed registries are the tenant’s (its plan, or the list its admission policy carries); where neither is known the outcome is UNKNOWN, never a pass.',
  remediation: 'Pull every image from one of the tenant’s allowed registries (spec.allowedRegistries of the plan or its profile), mirroring public images there after review.',
  supports: ['ai-act-59-1-d', 'ai-act-59-1-e', 'nen-7510-8-9'],
  crossReferences: {},
});
