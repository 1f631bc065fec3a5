import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../common/atomic-write.ts';
import { tenantLayout } from '../../common/build-layout.ts';
import type { DatasetRequest, LoadedPlan } from '../../tenancy/index.ts';

/** One dataset of one tenant after `up`: generated now, already current, or not for this tenant now. */
export interface DatasetOutcome {
  readonly tenantId: string;
  readonly profile: string;
  readonly seed: number;
  readonly patients: number;
  readonly classification: string;
  readonly state: 'generated' | 'unchanged' | 'skipped';
  readonly manifestSha256: string | null;
  /** FHIR resources over all NDJSON files (the "dataset rows"). */
  readonly resources: number;
  readonly generatorVersion: string | null;
  readonly seconds: number;
}

/**
 * When each dataset's files were last proven to match their manifest (size and mtime per file).
 * A later `up` trusts files that have not been touched since, and re-hashes any that have: a
 * same-size edit of an NDJSON file cannot pass as the dataset the ledger recorded.
 */
type DataState = Record<string, { manifestSha256: string; files: Record<string, { size: number; mtimeMs: number }> }>;

function readDataState(file: string): DataState {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DataState;
  } catch {
    return {};
  }
}

function statsOf(dir: string, names: readonly string[]): Record<string, { size: number; mtimeMs: number }> | null {
  const out: Record<string, { size: number; mtimeMs: number }> = {};
  for (const name of names) {
    try {
      const st = statSync(path.join(dir, name));
      out[name] = { size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      return null;
    }
  }
  return out;
}

/**
 * Makes the tenant's datasets match its plan under `build/<id>/data/<profile>/`. An exited tenant's
 * data is gone by design; a suspended tenant keeps what it has but gets nothing new.
 */
export async function ensureTenantDatasets(plan: LoadedPlan, buildDir: string): Promise<DatasetOutcome[]> {
  const synthetic = await import('../../synthetic/index.ts');
  const { tenant } = plan;
  const layout = tenantLayout(buildDir, tenant.id);
  const stateFile = path.join(layout.root, '.data-state.json');
  const state = readDataState(stateFile);
  const out: DatasetOutcome[] = [];
  for (const dataset of tenant.datasets) {
    const started = performance.now();
    const dir = layout.datasetDir(dataset.profile);
    const outcome = await ensureDataset(synthetic, dir, dataset, tenant.status, state[dataset.profile]);
    const manifest = outcome === 'skipped' ? null : await synthetic.readManifest(dir);
    const manifestSha256 = manifest ? await synthetic.manifestSha256(dir) : null;
    if (manifest && manifestSha256) {
      const names = [synthetic.MANIFEST_FILE, ...manifest.output.map((o) => o.url), ...manifest.extension.datasheet.map((d) => d.url)];
      state[dataset.profile] = { manifestSha256, files: statsOf(dir, names) ?? {} };
    } else delete state[dataset.profile];
    out.push({
      tenantId: tenant.id,
      profile: dataset.profile,
      seed: dataset.seed,
      patients: dataset.patients,
      classification: dataset.classification,
      state: outcome,
      manifestSha256,
      resources: manifest ? manifest.output.reduce((n, o) => n + o.count, 0) : 0,
      generatorVersion: manifest?.extension.generator.version ?? null,
      seconds: (performance.now() - started) / 1000,
    });
  }
  await writeFileAtomic(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  return out;
}

async function ensureDataset(
  synthetic: typeof import('../../synthetic/index.ts'),
  dir: string,
  dataset: DatasetRequest,
  status: LoadedPlan['tenant']['status'],
  proven: DataState[string] | undefined,
): Promise<DatasetOutcome['state']> {
  if (status === 'exited') return 'skipped';
  const request = { profile: dataset.profile, patients: dataset.patients, seed: dataset.seed };
  let current = await synthetic.isDatasetCurrent(dir, request);
  if (current) {
    const untouched = proven && JSON.stringify(statsOf(dir, Object.keys(proven.files))) === JSON.stringify(proven.files) && (await synthetic.manifestSha256(dir)) === proven.manifestSha256;
    if (!untouched) current = await synthetic.isDatasetCurrent(dir, request, { verify: 'sha256' });
  }
  if (current) return 'unchanged';
  if (status === 'suspended') return 'skipped';
  await synthetic.generateDataset({ ...request, outDir: dir });
  return 'generated';
}
