/**
 * The sandbox CLI image (`sandbox data generate|combine …` inside the tenant), pinned by digest:
 * built from the Dockerfile at the repository root and pushed under SANDBOX_CLI_REPOSITORY to
 * every allowed registry, so a tenant pulls it from the first registry its profile allows. How to
 * build, push and pin it: stacks/kubernetes/IMAGE.md.
 *
 * A release replaces SANDBOX_CLI_DIGEST with the pushed manifest list's digest: a one-line,
 * reviewed change, after which every tenant's manifests and environment fingerprint change
 * visibly. Until then it is UNRELEASED_SANDBOX_CLI_DIGEST, a placeholder no image has, and the
 * Pulumi program refuses to deploy a dataset Job that names it unless the stack's config gives the
 * digest of an image the operator built (`sandbox-kubernetes:sandboxCliDigest`).
 */
export const SANDBOX_CLI_REPOSITORY = 'eu-ai-sandbox/sandbox-cli';

/** The SHA-256 of the text "eu-ai-sandbox/sandbox-cli unreleased": no image has it. */
export const UNRELEASED_SANDBOX_CLI_DIGEST = 'sha256:5eaef47936d70117b87df24f8ae7d16eed854e0f9616d0cd960d3fba5959a7f9';

export const SANDBOX_CLI_DIGEST: string = UNRELEASED_SANDBOX_CLI_DIGEST;

export const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;

export function sandboxCliImage(registry: string, digest: string = SANDBOX_CLI_DIGEST): string {
  return `${registry}/${SANDBOX_CLI_REPOSITORY}@${digest}`;
}

/** The registry and digest of a sandbox CLI image reference, or undefined for any other image. */
export function parseSandboxCliImage(image: string): { registry: string; digest: string } | undefined {
  const suffix = `/${SANDBOX_CLI_REPOSITORY}@`;
  const at = image.lastIndexOf(suffix);
  if (at <= 0) return undefined;
  const digest = image.slice(at + suffix.length);
  return IMAGE_DIGEST.test(digest) ? { registry: image.slice(0, at), digest } : undefined;
}
