import type { WorkloadCelRule } from './rule.ts';

/**
 * A tag can be moved to other bytes after review; a digest cannot. Pinning makes the model that
 * ran the one that was admitted (Annex IV 2(g) test logs name the digest). Decided on the image
 * reference alone, so a tag-only image is refused even where the allowed registries are unknown.
 */
export const imagesPinnedByDigest: WorkloadCelRule = {
  id: 'SBX-K8S-010',
  title: 'Images are pinned by digest',
  expression: "variables.allContainers.all(c, has(c.image) && c.image.matches('^[^@\\\\s]+@sha256:[0-9a-f]{64}$'))",
  message: 'every container image must be pinned by digest (<registry>/<repository>@sha256:<64 hex>)',
};
