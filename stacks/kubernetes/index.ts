import type { Engine, EngineOutput } from '../engine.ts';
import type { Tenant } from '../../tenancy/index.ts';
import { manifestsYaml } from './manifest-yaml.ts';
import { kubernetesManifests } from './manifests.ts';
import { namespaceName } from './names.ts';
import { SANDBOX_CLI_DIGEST, UNRELEASED_SANDBOX_CLI_DIGEST } from './sandbox-cli-image.ts';
import type { KubernetesObject } from './types.ts';
import { validateManifest } from './validate-manifests.ts';

/**
 * The Kubernetes engine: the tenant's workload space as plain manifests, validated against the API
 * schema and written as one multi-document YAML. stacks/kubernetes/pulumi deploys the same objects.
 */
export { kubernetesManifests } from './manifests.ts';
export { manifestsYaml, withCanonicalKeyOrder } from './manifest-yaml.ts';
export { validateManifest } from './validate-manifests.ts';
export { namespaceName, admissionPolicyName } from './names.ts';
export { SANDBOX_CLI_DIGEST, SANDBOX_CLI_REPOSITORY, UNRELEASED_SANDBOX_CLI_DIGEST, parseSandboxCliImage, sandboxCliImage } from './sandbox-cli-image.ts';
export type { KubernetesKind, KubernetesObject } from './types.ts';

export const MANIFESTS_PATH = 'kubernetes/manifests.yaml';

function header(tenant: Tenant, objects: readonly KubernetesObject[]): string[] {
  const lines = [
    `Kubernetes workload space of sandbox tenant ${tenant.id} (lifecycle: ${tenant.status}).`,
    'Generated from the sandbox plan by `sandbox synth`; deploy with stacks/kubernetes/pulumi (which checks this file',
    'against fingerprint.json) or kubectl apply. Do not edit.',
  ];
  if (SANDBOX_CLI_DIGEST === UNRELEASED_SANDBOX_CLI_DIGEST && objects.some((o) => o.kind === 'Job')) {
    lines.push(
      `The dataset Jobs name the unreleased sandbox CLI placeholder digest ${UNRELEASED_SANDBOX_CLI_DIGEST}, which no image has:`,
      'build and push the image and give its digest to Pulumi as sandbox-kubernetes:sandboxCliDigest (stacks/kubernetes/IMAGE.md).',
      'Applied as it is, the Jobs could not pull their image.',
    );
  }
  if (tenant.status === 'exited') {
    lines.push(
      `The tenant has exited: no objects remain. The next deploy deletes namespace ${namespaceName(tenant)} with its dataset volume,`,
      'its role bindings and its admission policy (AI Act Art. 59(1)(g)); the evidence stays in the log stores.',
    );
  }
  return lines;
}

export const synthesizeKubernetes: Engine = async (tenant: Tenant): Promise<EngineOutput> => {
  const objects = kubernetesManifests(tenant);
  for (const object of objects) validateManifest(object);
  return {
    engine: 'kubernetes',
    artifacts: [{ path: MANIFESTS_PATH, content: manifestsYaml(objects, header(tenant, objects)) }],
    resources: objects.length,
  };
};
