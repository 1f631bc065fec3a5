import * as pulumi from '@pulumi/pulumi';
import { CONFIG_KEYS } from './config-keys.ts';
import { prepareDeployment } from './deployment.ts';
import { registerWorkloadSpace } from './register-workload-space.ts';

/**
 * The Pulumi program: one stack per tenant (config `sandbox-kubernetes:tenant`), deploying
 * build/<tenant>/kubernetes/manifests.yaml as `sandbox synth` wrote, checked and fingerprinted it.
 * Change the plan (its status included: suspend, resume, exit), run `sandbox synth`, then
 * `pulumi up`. Anything unchecked (no synth yet, an edited file, a refused synth, the unreleased
 * sandbox CLI image without a digest in config) stops the program before anything is registered.
 */
const config = new pulumi.Config();
const deployment = prepareDeployment({
  tenant: config.require(CONFIG_KEYS.tenant),
  buildDir: config.get(CONFIG_KEYS.buildDir),
  sandboxCliDigest: config.get(CONFIG_KEYS.sandboxCliDigest),
});
if (!deployment.ok) throw new pulumi.RunError(deployment.message);
const resources = registerWorkloadSpace(deployment.objects);

export const namespace = deployment.namespace;
export const lifecycle = deployment.lifecycle;
export const objects = resources.length;
/** Compare with the fingerprint synth printed and the ledger's tenant.synthesized event. */
export const fingerprint = deployment.fingerprint;
export const manifestsSha256 = deployment.manifestsSha256;
export const sandboxCliDigest = deployment.sandboxCliDigest ?? '(no dataset Jobs)';
