import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { replaceDirectory } from '../common/atomic-write.ts';
import { sha256Hex } from '../common/sha256.ts';
import { compileProfile, type CompiledProfile } from './compiled-profile.ts';
import { buildDatasheet, renderDatasheetMarkdown } from './datasheet.ts';
import { countPatient, emptyCounts } from './dataset-stats.ts';
import { SyntheticDataError } from './errors.ts';
import { emitPatientResources } from './fhir-resources.ts';
import { type DatasetManifest, generateCommand, MANIFEST_FILE, type ManifestOutput, readManifest, serializeManifest } from './manifest.ts';
import { NdjsonWriter } from './ndjson-writer.ts';
import { generatePatient } from './patient-record.ts';
import { type DatasetProfile, loadDatasetProfile } from './profile-loader.ts';
import type { ResourceType } from './profile-schema.ts';
import { MAX_PATIENTS } from './pseudonym.ts';
import { checkShard, type Shard, SINGLE_SHARD, shardRange } from './shard.ts';
import { GENERATOR_NAME, GENERATOR_VERSION } from './version.ts';

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
  const target = path.resolve(outDir);
  await refuseForeignDirectory(target);

  let manifest: DatasetManifest | undefined;
  try {
    await replaceDirectory(target, async (tmp) => {
      manifest = await writeDataset(model, { patients, seed, shard }, tmp);
    });
  } catch (error) {
    throw asUserError(error, target);
  }
  return manifest as DatasetManifest;
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
      output.push({ type, url: `${type}.ndjson`, count: written.count, size: written.size, sha256: written.sha256 });
    }
    writers.clear();

    const datasheet = buildDatasheet(model, counts, {
      seed: run.seed,
      patients: run.patients,
      shard: run.shard,
      firstPatient: first,
      resources: Object.fromEntries(output.map((o) => [o.type, o.count])),
    });
    const sheets = [
      { url: 'datasheet.json', text: `${JSON.stringify(datasheet, null, 2)}\n` },
      { url: 'datasheet.md', text: renderDatasheetMarkdown(datasheet) },
    ];
    for (const s of sheets) await writeFile(path.join(dir, s.url), s.text);

    const spec = model.profile.document.spec;
    const manifest: DatasetManifest = {
      transactionTime: `${spec.referenceDate}T00:00:00Z`,
      request: generateCommand(model.profile.name, run.patients, run.seed, run.shard),
      requiresAccessToken: false,
      output,
      error: [],
      extension: {
        generator: { name: GENERATOR_NAME, version: GENERATOR_VERSION },
        profile: { name: model.profile.name, sha256: model.profile.sha256, careSetting: spec.careSetting, classification: spec.classification },
        seed: run.seed,
        patients: run.patients,
        shard: { index: run.shard.index, count: run.shard.count, firstPatient: first, patientCount: end - first },
        datasheet: sheets.map((s) => ({ url: s.url, size: Buffer.byteLength(s.text), sha256: sha256Hex(s.text) })),
      },
    };
    await writeFile(path.join(dir, MANIFEST_FILE), serializeManifest(manifest));
    return manifest;
  } finally {
    for (const w of writers.values()) await w.abandon();
  }
}

/**
 * replaceDirectory swaps out whatever is at the target, so a mistyped `--out .` could throw away a
 * project. Only an empty directory or one holding an earlier generated dataset may be replaced.
 */
async function refuseForeignDirectory(target: string): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(target)).isDirectory()) throw new SyntheticDataError(`--out: ${target} exists and is not a directory`);
    entries = await readdir(target);
  } catch (error) {
    if (error instanceof SyntheticDataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw asUserError(error, target);
  }
  if (entries.length === 0) return;
  if (!entries.includes(MANIFEST_FILE) || !(await readManifest(target))) {
    throw new SyntheticDataError(`--out: refusing to replace ${target}: it is not empty and holds no generated dataset (no ${MANIFEST_FILE} from ${GENERATOR_NAME})`);
  }
}

const FILESYSTEM_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is not a directory',
  EEXIST: 'a file is in the way',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
};

function asUserError(error: unknown, target: string): Error {
  if (error instanceof SyntheticDataError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && code in FILESYSTEM_ERRORS) {
    return new SyntheticDataError(`--out: cannot write the dataset to ${target}: ${FILESYSTEM_ERRORS[code]} (${code}); nothing was written`);
  }
  return error as Error;
}
