import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { compileProfile } from './compiled-profile.ts';
import type { Datasheet } from './datasheet.ts';
import { type DatasetCounts, emptyCounts } from './dataset-stats.ts';
import { writeDatasetSummary } from './dataset-summary.ts';
import { SyntheticDataError } from './errors.ts';
import { type DatasetManifest, type ManifestOutput, readManifest } from './manifest.ts';
import { replaceDatasetDirectory } from './output-directory.ts';
import { loadDatasetProfile } from './profile-loader.ts';
import { SINGLE_SHARD } from './shard.ts';
import { GENERATOR_VERSION } from './version.ts';

/**
 * Joins the shards of one dataset (the output of a Kubernetes Indexed Job, one directory per
 * completion) into the dataset a single run would have written: the NDJSON files are concatenated
 * in shard order and the datasheet and manifest are rebuilt from the shards' counts, so the result
 * has the single run's bytes and the single run's manifest hash.
 */
export async function combineShards(shardDirs: readonly string[], outDir: string): Promise<DatasetManifest> {
  if (shardDirs.length === 0) throw new SyntheticDataError('combine: no shard directories given');
  const shards: { dir: string; manifest: DatasetManifest }[] = [];
  for (const dir of shardDirs) {
    const manifest = await readManifest(dir);
    if (!manifest) throw new SyntheticDataError(`combine: ${dir} holds no generated dataset (no readable manifest.json)`);
    shards.push({ dir, manifest });
  }
  shards.sort((a, b) => a.manifest.extension.shard.index - b.manifest.extension.shard.index);
  const first = (shards[0] as (typeof shards)[number]).manifest.extension;
  for (const [i, { dir, manifest }] of shards.entries()) {
    const x = manifest.extension;
    const differs = (what: string, a: unknown, b: unknown): void => {
      if (a !== b) throw new SyntheticDataError(`combine: ${dir} differs from the first shard in ${what} (${String(b)} vs ${String(a)})`);
    };
    differs('generator version', first.generator.version, x.generator.version);
    differs('profile', first.profile.name, x.profile.name);
    differs('profile sha256', first.profile.sha256, x.profile.sha256);
    differs('seed', first.seed, x.seed);
    differs('patients', first.patients, x.patients);
    differs('shard count', first.shard.count, x.shard.count);
    if (x.shard.index !== i) throw new SyntheticDataError(`combine: shard ${i} of ${x.shard.count} is missing or given twice`);
  }
  if (shards.length !== first.shard.count) throw new SyntheticDataError(`combine: got ${shards.length} shards, the dataset has ${first.shard.count}`);
  if (first.generator.version !== GENERATOR_VERSION) {
    throw new SyntheticDataError(`combine: the shards come from generator ${first.generator.version}; this is ${GENERATOR_VERSION}: regenerate them`);
  }
  const profile = loadDatasetProfile(first.profile.name);
  if (profile.sha256 !== first.profile.sha256) {
    throw new SyntheticDataError(`combine: dataset profile ${profile.name} changed since the shards were generated: regenerate them`);
  }
  const model = compileProfile(profile);

  const counts = emptyCounts(model);
  for (const { dir } of shards) addCounts(counts, await readCounts(dir));

  return replaceDatasetDirectory(outDir, async (tmp) => {
    const output: ManifestOutput[] = [];
    for (const entry of (shards[0] as (typeof shards)[number]).manifest.output) {
      output.push(await concatenate(entry, shards, tmp));
    }
    return writeDatasetSummary(model, { patients: first.patients, seed: first.seed, shard: SINGLE_SHARD }, counts, output, tmp);
  });
}

async function concatenate(entry: ManifestOutput, shards: readonly { dir: string; manifest: DatasetManifest }[], tmp: string): Promise<ManifestOutput> {
  const hash = createHash('sha256');
  const target = await open(path.join(tmp, entry.url), 'wx');
  let count = 0;
  let size = 0;
  try {
    for (const { dir, manifest } of shards) {
      const part = manifest.output.find((o) => o.type === entry.type && o.url === entry.url);
      if (!part) throw new SyntheticDataError(`combine: ${dir} has no ${entry.url}`);
      const partHash = createHash('sha256');
      for await (const chunk of createReadStream(path.join(dir, part.url))) {
        const bytes = chunk as Buffer;
        hash.update(bytes);
        partHash.update(bytes);
        size += bytes.length;
        await target.write(bytes);
      }
      if (partHash.digest('hex') !== part.extension?.sha256) throw new SyntheticDataError(`combine: ${path.join(dir, part.url)} does not match its manifest (sha256 differs)`);
      count += part.count;
    }
  } finally {
    await target.close();
  }
  return { type: entry.type, url: entry.url, count, extension: { size, sha256: hash.digest('hex') } };
}

async function readCounts(dir: string): Promise<DatasetCounts> {
  try {
    return (JSON.parse(await readFile(path.join(dir, 'datasheet.json'), 'utf8')) as Datasheet).counts;
  } catch {
    throw new SyntheticDataError(`combine: ${dir} has no readable datasheet.json`);
  }
}

function addCounts(into: DatasetCounts, from: DatasetCounts): void {
  const add = (a: number[], b: readonly number[] | undefined): void => {
    for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b?.[i] ?? 0);
  };
  into.patients += from.patients;
  add(into.ageSex, from.ageSex);
  for (const [id, row] of Object.entries(into.conditions)) add(row, from.conditions[id]);
  for (const id of Object.keys(into.cases)) into.cases[id] = (into.cases[id] as number) + (from.cases[id] ?? 0);
  for (const id of Object.keys(into.acuity)) into.acuity[id] = (into.acuity[id] as number) + (from.acuity[id] ?? 0);
}
