import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fingerprintArtifacts } from '../../stacks/fingerprint.ts';
import { kubernetesManifests, parseSandboxCliImage, sandboxCliImage, synthesizeKubernetes, type KubernetesObject } from '../../stacks/kubernetes/index.ts';
import type { Tenant } from '../../tenancy/index.ts';

/**
 * A build directory as `sandbox synth --engine kubernetes` leaves it for the Pulumi program: the
 * engine's manifests.yaml and a fingerprint.json over it, in synth's format.
 */
export async function writeKubernetesBuild(tenant: Tenant, buildDir = mkdtempSync(path.join(tmpdir(), 'sbx-build-'))): Promise<string> {
  const output = await synthesizeKubernetes(tenant);
  const root = path.join(buildDir, tenant.id);
  for (const artifact of output.artifacts) {
    mkdirSync(path.dirname(path.join(root, artifact.path)), { recursive: true });
    writeFileSync(path.join(root, artifact.path), artifact.content);
  }
  const fingerprint = fingerprintArtifacts(tenant.id, output.artifacts);
  writeFileSync(path.join(root, 'fingerprint.json'), `${JSON.stringify({ ...fingerprint, resources: { kubernetes: output.resources } }, null, 2)}\n`);
  return buildDir;
}

/** The tenant's manifests with the sandbox CLI image at `digest`, as the program deploys them once pinned. */
export function manifestsPinnedTo(tenant: Tenant, digest: string): KubernetesObject[] {
  const objects = JSON.parse(JSON.stringify(kubernetesManifests(tenant))) as KubernetesObject[];
  for (const object of objects) {
    if (object.kind !== 'Job') continue;
    for (const container of object.spec?.template.spec?.containers ?? []) {
      const image = parseSandboxCliImage(container.image ?? '');
      if (image) container.image = sandboxCliImage(image.registry, digest);
    }
  }
  return objects;
}
