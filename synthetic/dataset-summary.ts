import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../common/sha256.ts';
import type { CompiledProfile } from './compiled-profile.ts';
import { buildDatasheet, renderDatasheetMarkdown } from './datasheet.ts';
import type { DatasetCounts } from './dataset-stats.ts';
import { type DatasetManifest, generateCommand, generationUrl, MANIFEST_FILE, type ManifestOutput, serializeManifest } from './manifest.ts';
import { type Shard, shardRange } from './shard.ts';
import { GENERATOR_NAME, GENERATOR_VERSION } from './version.ts';

/**
 * Writes datasheet.json, datasheet.md and manifest.json beside finished NDJSON files. A function of
 * the counts and the files only, so combining shards rebuilds exactly what a single run writes.
 */
export async function writeDatasetSummary(
  model: CompiledProfile,
  run: { patients: number; seed: number; shard: Shard },
  counts: DatasetCounts,
  output: readonly ManifestOutput[],
  dir: string,
): Promise<DatasetManifest> {
  const { first, end } = shardRange(run.patients, run.shard);
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
    request: generationUrl(model.profile.name, run.patients, run.seed, run.shard),
    requiresAccessToken: false,
    output,
    error: [],
    extension: {
      command: generateCommand(model.profile.name, run.patients, run.seed, run.shard),
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
}
