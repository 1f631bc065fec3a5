import type { WorkloadCelRule } from './rule.ts';

/**
 * A tag can be moved to other bytes after review; a digest cannot. Together with the registry
 * allow-list this makes the model that ran the one that was admitted (Annex IV 2(g) test logs
 * name the digest).
 */
export const imagesPinnedFromAllowedRegistry: WorkloadCelRule = {
  id: 'SBX-K8S-010',
  title: 'Images are pinned by digest and pulled from an allowed registry',
  expression: [
    'variables.allContainers.all(c, has(c.image)',
    "  && c.image.matches('^[^@\\\\s]+@sha256:[0-9a-f]{64}$')",
    "  && variables.allowedRegistries.exists(r, c.image.startsWith(r + '/')))",
  ].join('\n'),
  message: 'every container image must come from an allowed registry and be pinned by digest (<registry>/<repository>@sha256:<64 hex>)',
};
