import path from 'node:path';
import { compileProfile, type CompiledProfile } from './compiled-profile.ts';
import { countPatient, emptyCounts } from './dataset-stats.ts';
import { writeDatasetSummary } from './dataset-summary.ts';
import { SyntheticDataError } from './errors.ts';
import { emitPatientResources } from './fhir-resources.ts';
import type { DatasetManifest, ManifestOutput } from './manifest.ts';
import { NdjsonWriter } from './ndjson-writer.ts';
import { replaceDatasetDirectory } from './output-directory.ts';
import { generatePatient } from './patient-record.ts';
import { type DatasetProfile, loadDatasetProfile } from './profile-loader.ts';
import type { ResourceType } from './profile-schema.ts';
import { MAX_PATIENTS } from './pseudonym.ts';
import { checkShard, type Shard, SINGLE_SHARD, shardRange } from './shard.ts';

export interface GenerateOptions {
  /** A profile name from sandbox-templates/datasets/, or a profile already loaded. */
  readonly profile: string | DatasetProfile;
  readonly patients: number;
  readonly seed: number;
  readonly outDir: string;
  readonly shard?: Shard | undefined;
}

const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * Generates one dataset (or one shard of it) into `outDir`: NDJSON per resource type, the datasheet
 * and manifest.json. The files are written into a temporary sibling directory that replaces
 * `outDir` only when complete, so a failure leaves the previous dataset, or nothing.
 */
export async function generateDataset(options: GenerateOptions): Promise<DatasetManifest> {
  const { patients, seed, outDir } = options;
  if (!Number.isSafeInteger(patients) || patients < 1 || patients > MAX_PATIENTS) {
    throw new SyntheticDataError(`--patients: must be a whole number from 1 to ${MAX_PATIENTS}, got ${patients}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new SyntheticDataError(`--seed: must be a whole number from 0 to ${MAX_SEED}, got ${seed}`);
  }
  const shard = options.shard ?? SINGLE_SHARD;
  checkShard(shard);
  const profile = typeof options.profile === 'string' ? loadDatasetProfile(options.profile) : options.profile;
  const model = compileProfile(profile);
  return replaceDatasetDirectory(outDir, (tmp) => writeDataset(model, { patients, seed, shard }, tmp));
}

async function writeDataset(model: CompiledProfile, run: { patients: number; seed: number; shard: Shard }, dir: string): Promise<DatasetManifest> {
  const { first, end } = shardRange(run.patients, run.shard);
  const writers = new Map<ResourceType, NdjsonWriter>();
  try {
    for (const type of model.resourceTypes) writers.set(type, await NdjsonWriter.create(path.join(dir, `${type}.ndjson`)));
    const all = [...writers.values()];
    const emit = (type: ResourceType, json: string): void => {
      (writers.get(type) as NdjsonWriter).add(json);
    };
    const counts = emptyCounts(model);
    for (let index = first; index < end; index++) {
      const patient = generatePatient(model, run.seed, index);
      countPatient(model, counts, patient);
      emitPatientResources(model, patient, emit);
      if ((index & 7) === 7) for (const w of all) if (w.needsFlush) await w.flush();
    }
    const output: ManifestOutput[] = [];
    for (const [type, writer] of writers) {
      const written = await writer.close();
      output.push({ type, url: `${type}.ndjson`, count: written.count, extension: { size: written.size, sha256: written.sha256 } });
    }
    writers.clear();

    return await writeDatasetSummary(model, run, counts, output, dir);
  } finally {
    for (const w of writers.values()) await w.abandon();
  }
}
