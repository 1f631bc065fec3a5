import { IMAGE_DIGEST, SANDBOX_CLI_REPOSITORY, UNRELEASED_SANDBOX_CLI_DIGEST, parseSandboxCliImage, sandboxCliImage } from '../sandbox-cli-image.ts';
import type { KubernetesObject } from '../types.ts';
import { CONFIG_KEYS, configKey } from './config-keys.ts';
import type { Checked } from './checked-manifests.ts';

export interface PinnedObjects {
  readonly objects: readonly KubernetesObject[];
  /** The sandbox CLI digest the dataset Jobs run, or undefined when there are none. */
  readonly sandboxCliDigest: string | undefined;
}

type Containers = { image?: string }[];

function podContainers(object: KubernetesObject): Containers {
  if (object.kind !== 'Job') return [];
  const spec = object.spec?.template.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
}

/**
 * Until the sandbox CLI is released, synth writes a placeholder digest no image has, and a Job
 * that names it would wait for an image that never comes. This is the one field the program may
 * change in what synth checked: it puts the digest from `sandbox-kubernetes:sandboxCliDigest` in
 * place of the placeholder (same registry and repository, so every workload rule still holds) and
 * refuses without one. A released digest in the manifests is deployed as it is; a config digest
 * that contradicts it is refused rather than silently preferred.
 */
export function pinSandboxCli(objects: readonly KubernetesObject[], configured: string | undefined): Checked<PinnedObjects> {
  const key = configKey('sandboxCliDigest');
  const fail = (message: string) => ({ ok: false, message }) as const;
  if (configured !== undefined) {
    if (!IMAGE_DIGEST.test(configured)) return fail(`config ${key}: "${configured}" is not an image digest (sha256:<64 lowercase hex>); nothing was deployed`);
    if (configured === UNRELEASED_SANDBOX_CLI_DIGEST) return fail(`config ${key}: that is the unreleased placeholder, not the digest of a pushed image; nothing was deployed`);
  }
  const pinned = structuredClone(objects) as KubernetesObject[];
  let deployed: string | undefined;
  for (const object of pinned) {
    for (const container of podContainers(object)) {
      const image = container.image === undefined ? undefined : parseSandboxCliImage(container.image);
      if (!image) continue;
      const name = `Job ${object.metadata?.namespace}/${object.metadata?.name}`;
      if (image.digest === UNRELEASED_SANDBOX_CLI_DIGEST) {
        if (configured === undefined) {
          return fail(
            `${name} runs the unreleased sandbox CLI placeholder digest, which no image has. Build and push the image ` +
              `(Dockerfile at the repository root; stacks/kubernetes/IMAGE.md) to ${image.registry}/${SANDBOX_CLI_REPOSITORY}, then ` +
              `\`pulumi config set ${CONFIG_KEYS.sandboxCliDigest} sha256:<digest>\` (config ${key}); nothing was deployed`,
          );
        }
        container.image = sandboxCliImage(image.registry, configured);
        deployed = configured;
      } else if (configured !== undefined && configured !== image.digest) {
        return fail(
          `${name} runs the released sandbox CLI ${image.digest}, and config ${key} names ${configured}. ` +
            'A released digest is part of what synth checked: remove the config, or change SANDBOX_CLI_DIGEST and synth again; nothing was deployed',
        );
      } else {
        deployed = image.digest;
      }
    }
  }
  return { ok: true, objects: pinned, sandboxCliDigest: deployed };
}
