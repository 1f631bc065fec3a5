import type { WorkloadCelRule } from './rule.ts';

/**
 * Images come only from the tenant's allowed registries, which keeps public hubs out of the
 * sandbox. The registry is the part before the first `/` or a listed registry with a path
 * (`mirror.example.eu:5000/approved`), so `registry.example.eu.evil.example` is not the first.
 */
export const imagesFromAllowedRegistry: WorkloadCelRule = {
  id: 'SBX-K8S-019',
  title: 'Images are pulled from an allowed registry',
  expression: "variables.allContainers.all(c, has(c.image) && variables.allowedRegistries.exists(r, c.image.startsWith(r + '/')))",
  message: 'every container image must come from one of the tenant’s allowed registries (<registry>/<repository>…)',
};
