/**
 * The sandbox CLI image (`sandbox data generate …` inside the tenant), pinned by digest. The same
 * digest is pushed to every allowed registry under SANDBOX_CLI_REPOSITORY, so a tenant pulls it
 * from the first registry its profile allows.
 *
 * Produced on release: the release job builds and pushes the image
 *   docker buildx build --platform linux/amd64,linux/arm64 --provenance=false \
 *     --tag <registry>/eu-ai-sandbox/sandbox-cli:<version> --push .
 * reads the manifest-list digest back with `crane digest <registry>/eu-ai-sandbox/sandbox-cli:<version>`,
 * copies it to the other allowed registries by digest (`crane copy`), and the release commit
 * replaces the constant below with that digest: a one-line, reviewed change, after which every
 * tenant's fingerprint changes visibly.
 *
 * Until the first release it is a placeholder: the SHA-256 of the text
 * "eu-ai-sandbox/sandbox-cli unreleased". No image has that digest, so a loader Job fails to pull
 * instead of running something unreviewed.
 */
export const SANDBOX_CLI_REPOSITORY = 'eu-ai-sandbox/sandbox-cli';
export const SANDBOX_CLI_DIGEST = 'sha256:5eaef47936d70117b87df24f8ae7d16eed854e0f9616d0cd960d3fba5959a7f9';

export function sandboxCliImage(registry: string): string {
  return `${registry}/${SANDBOX_CLI_REPOSITORY}@${SANDBOX_CLI_DIGEST}`;
}
