/**
 * The stack configuration the program reads (Pulumi.yaml declares the same keys). Messages name a
 * key as the user types it: `pulumi config set <key> …` takes it without the project prefix.
 */
export const PROJECT = 'sandbox-kubernetes';

export const CONFIG_KEYS = {
  /** The tenant id: the stack deploys build/<tenant>/kubernetes/manifests.yaml. */
  tenant: 'tenant',
  /** The build directory `sandbox synth --out` wrote; relative paths are taken from the repository root. */
  buildDir: 'buildDir',
  /** The digest of the sandbox CLI image to run while the code names the unreleased placeholder. */
  sandboxCliDigest: 'sandboxCliDigest',
} as const;

export const configKey = (key: keyof typeof CONFIG_KEYS): string => `${PROJECT}:${CONFIG_KEYS[key]}`;
