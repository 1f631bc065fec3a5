import path from 'node:path';
import { DEFAULT_BUILD_DIR, PROJECT_ROOT } from '../../../tenancy/paths.ts';
import { labelKey } from '../labels.ts';
import type { KubernetesObject } from '../types.ts';
import { loadCheckedManifests, type Checked } from './checked-manifests.ts';
import { pinSandboxCli } from './pin-sandbox-cli.ts';

export interface DeploymentConfig {
  readonly tenant: string;
  /** Default: the project's build/; a relative path is taken from the repository root, not from the Pulumi project. */
  readonly buildDir?: string | undefined;
  /** Empty counts as unset: Pulumi.yaml declares it with an empty default. */
  readonly sandboxCliDigest?: string | undefined;
}

export interface Deployment {
  readonly objects: readonly KubernetesObject[];
  readonly namespace: string;
  readonly lifecycle: string;
  readonly fingerprint: string;
  readonly manifestsSha256: string;
  readonly sandboxCliDigest: string | undefined;
}

/** What one stack deploys: the tenant's checked manifests, with the sandbox CLI pinned. */
export function prepareDeployment(config: DeploymentConfig): Checked<Deployment> {
  const buildDir = config.buildDir ? path.resolve(PROJECT_ROOT, config.buildDir) : DEFAULT_BUILD_DIR;
  const checked = loadCheckedManifests(buildDir, config.tenant);
  if (!checked.ok) return checked;
  const pinned = pinSandboxCli(checked.objects, config.sandboxCliDigest || undefined);
  if (!pinned.ok) return pinned;
  const namespace = pinned.objects.find((o) => o.kind === 'Namespace');
  return {
    ok: true,
    objects: pinned.objects,
    namespace: namespace?.metadata?.name ?? `sbx-${config.tenant}`,
    // An exited tenant's manifests hold nothing, its namespace included.
    lifecycle: namespace?.metadata?.labels?.[labelKey('sandbox:lifecycle')] ?? 'exited',
    fingerprint: checked.fingerprint,
    manifestsSha256: checked.manifestsSha256,
    sandboxCliDigest: pinned.sandboxCliDigest,
  };
}
