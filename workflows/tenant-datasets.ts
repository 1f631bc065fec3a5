import { readdir } from 'node:fs/promises';
import type { EventObject } from '../audit/index.ts';
import { sha256Hex } from '../common/sha256.ts';
import type { TenantBuildLayout } from '../common/build-layout.ts';
import { manifestSha256, readManifest } from '../synthetic/index.ts';
import type { Tenant } from '../tenancy/index.ts';

/** A generated dataset of a tenant as the ledger names it (`<profile>@<seed>`, manifest hash). */
export interface TenantDataset {
  readonly id: string;
  readonly profile: string;
  readonly seed: number | null;
  readonly dir: string;
  /** SHA-256 of manifest.json, which lists the hash of every file: one hash pins the dataset. */
  readonly manifestSha256: string | null;
  readonly classification: string;
}

/**
 * The datasets a model run sees: every dataset the plan asks for, generated under
 * `build/<id>/data/<profile>/` with the plan's seed and size. A run against missing or stale data
 * would log a dataset hash that is not the plan's, so it is refused instead.
 */
export async function plannedDatasets(tenant: Tenant, layout: TenantBuildLayout): Promise<{ datasets: TenantDataset[]; problems: string[] }> {
  const datasets: TenantDataset[] = [];
  const problems: string[] = [];
  for (const request of tenant.datasets) {
    const dir = layout.datasetDir(request.profile);
    const manifest = await readManifest(dir);
    if (!manifest) {
      problems.push(`dataset ${request.profile} has not been generated in ${dir} (run \`sandbox up\`)`);
      continue;
    }
    if (manifest.extension.seed !== request.seed || manifest.extension.patients !== request.patients) {
      problems.push(
        `dataset ${request.profile} in ${dir} has seed ${manifest.extension.seed} and ${manifest.extension.patients} patients; the plan asks for seed ${request.seed} and ${request.patients} (run \`sandbox up\`)`,
      );
      continue;
    }
    datasets.push({
      id: `${request.profile}@${request.seed}`,
      profile: request.profile,
      seed: request.seed,
      dir,
      manifestSha256: await manifestSha256(dir),
      classification: request.classification,
    });
  }
  return { datasets, problems };
}

/**
 * Everything generated under `build/<id>/data/`, planned or not: at exit all of it goes. A
 * directory without a readable manifest is listed too (its hash is unknown, but it still leaves).
 */
export async function datasetsOnDisk(tenant: Tenant, layout: TenantBuildLayout): Promise<TenantDataset[]> {
  let names: string[];
  try {
    names = (await readdir(layout.dataDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: TenantDataset[] = [];
  for (const name of names) {
    const dir = layout.datasetDir(name);
    const manifest = await readManifest(dir);
    const seed = manifest?.extension.seed ?? null;
    const planned = tenant.datasets.find((d) => d.profile === name);
    found.push({
      id: seed === null ? name : `${name}@${seed}`,
      profile: name,
      seed,
      dir,
      manifestSha256: manifest ? await manifestSha256(dir) : null,
      classification: planned?.classification ?? manifest?.extension.profile.classification ?? 'synthetic',
    });
  }
  return found;
}

/** `ai.datasetSha256` of a run: the manifest hash, or with several datasets the hash over their sorted hashes. */
export function combinedDatasetSha256(hashes: readonly string[]): string | undefined {
  if (hashes.length === 0) return undefined;
  if (hashes.length === 1) return hashes[0];
  return sha256Hex([...hashes].sort().map((h) => `${h}\n`).join(''));
}

/** How the ledger names a dataset, the same at generation, in a run and at deletion. */
export function datasetObject(d: TenantDataset): EventObject {
  return { kind: 'dataset', id: d.id, ...(d.manifestSha256 && { sha256: d.manifestSha256 }), classification: d.classification };
}
