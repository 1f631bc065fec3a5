import type { LoadedPlan } from '../../tenancy/index.ts';
import { tenantLayout } from '../../common/build-layout.ts';

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
 * Makes the tenant's datasets match its plan under `build/<id>/data/<profile>/`. An exited tenant's
 * data is gone by design; a suspended tenant keeps what it has but gets nothing new.
 */
export async function ensureTenantDatasets(plan: LoadedPlan, buildDir: string): Promise<DatasetOutcome[]> {
  const { generateDataset, isDatasetCurrent, manifestSha256, readManifest } = await import('../../synthetic/index.ts');
  const { tenant } = plan;
  const layout = tenantLayout(buildDir, tenant.id);
  const out: DatasetOutcome[] = [];
  for (const dataset of tenant.datasets) {
    const started = performance.now();
    const dir = layout.datasetDir(dataset.profile);
    const request = { profile: dataset.profile, patients: dataset.patients, seed: dataset.seed };
    let state: DatasetOutcome['state'];
    if (tenant.status === 'exited') state = 'skipped';
    else if (await isDatasetCurrent(dir, request)) state = 'unchanged';
    else if (tenant.status === 'suspended') state = 'skipped';
    else {
      await generateDataset({ ...request, outDir: dir });
      state = 'generated';
    }
    const manifest = state === 'skipped' ? null : await readManifest(dir);
    out.push({
      tenantId: tenant.id,
      profile: dataset.profile,
      seed: dataset.seed,
      patients: dataset.patients,
      classification: dataset.classification,
      state,
      manifestSha256: manifest ? await manifestSha256(dir) : null,
      resources: manifest ? manifest.output.reduce((n, o) => n + o.count, 0) : 0,
      generatorVersion: manifest?.extension.generator.version ?? null,
      seconds: (performance.now() - started) / 1000,
    });
  }
  return out;
}
