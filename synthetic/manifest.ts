import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256File, sha256Hex } from '../common/sha256.ts';
import { type DatasetProfile, loadDatasetProfile } from './profile-loader.ts';
import type { ResourceType } from './profile-schema.ts';
import type { Shard } from './shard.ts';
import { GENERATOR_NAME, GENERATOR_VERSION } from './version.ts';

export const MANIFEST_FILE = 'manifest.json';

/**
 * The FHIR bulk-data export manifest of a dataset on disk. What the specification does not define
 * sits under `extension`, the name it reserves for additions: per file its size and sha256, and at
 * the top what produced the files. One dataset, one hash: the manifest lists the sha256 of every
 * file, so the sha256 of manifest.json pins the whole dataset for the ledger. MANIFEST_FORMAT says
 * where it departs from a server's export manifest (the datasheet repeats it for readers).
 */
export interface DatasetManifest {
  /** The profile's reference date, not the time of generation: the bytes must not depend on when. */
  readonly transactionTime: string;
  /** Names the generation on the reserved example domain (see generationUrl); no server answers it. */
  readonly request: string;
  readonly requiresAccessToken: false;
  readonly output: readonly ManifestOutput[];
  readonly error: readonly [];
  readonly extension: {
    /** The CLI command that writes exactly these bytes again. */
    readonly command: string;
    readonly generator: { readonly name: string; readonly version: string };
    readonly profile: { readonly name: string; readonly sha256: string; readonly careSetting: string; readonly classification: 'synthetic' };
    readonly seed: number;
    readonly patients: number;
    readonly shard: { readonly index: number; readonly count: number; readonly firstPatient: number; readonly patientCount: number };
    readonly datasheet: readonly { readonly url: string; readonly size: number; readonly sha256: string }[];
  };
}

export interface ManifestOutput {
  readonly type: ResourceType;
  /** Relative to the manifest's directory (see MANIFEST_FORMAT). */
  readonly url: string;
  readonly count: number;
  readonly extension: { readonly size: number; readonly sha256: string };
}

/**
 * How manifest.json departs from the manifest a FHIR bulk-data server returns, and why: a dataset
 * on disk has no server, no kick-off request and no base URL, and must not hold absolute paths.
 */
export const MANIFEST_FORMAT: readonly string[] = [
  'manifest.json has the shape of a FHIR Bulk Data export manifest (transactionTime, request, requiresAccessToken, output, error), written for a dataset on disk rather than returned by a server.',
  "output[].url is relative to the directory that holds manifest.json, not an absolute URL: the dataset is moved and copied as a whole, and no absolute path may enter its bytes. A server that publishes the files resolves these names against its own base URL.",
  'request names the generation on the reserved example domain (https://sandbox.example/..., RFC 2606), not a kick-off request anyone could send; extension.command holds the CLI command that writes the same bytes again.',
  "transactionTime is the profile's reference date, not the time of generation, so the bytes do not depend on when they were made.",
  "Additions sit under extension, the name the specification reserves for them: each file's size and SHA-256 in output[].extension; generator, profile, seed, patients, shard and the datasheet files in the top-level extension. The SHA-256 of manifest.json therefore pins every byte of the dataset.",
];

export function generateCommand(profile: string, patients: number, seed: number, shard: Shard): string {
  const base = `sandbox data generate --profile ${profile} --patients ${patients} --seed ${seed}`;
  return shard.count > 1 ? `${base} --shard ${shard.index}/${shard.count}` : base;
}

/** The `request` of the manifest: the generation's parameters as a URL on a domain nobody can own. */
export function generationUrl(profile: string, patients: number, seed: number, shard: Shard): string {
  const base = `https://sandbox.example/synthetic/${profile}?patients=${patients}&seed=${seed}`;
  return shard.count > 1 ? `${base}&shard=${shard.index}/${shard.count}` : base;
}

export function serializeManifest(manifest: DatasetManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export async function readManifest(outDir: string): Promise<DatasetManifest | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), 'utf8')) as DatasetManifest;
    return parsed && Array.isArray(parsed.output) && parsed.extension?.generator?.name === GENERATOR_NAME ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The one hash the ledger records for a dataset: sha256 of its manifest.json bytes. */
export async function manifestSha256(outDir: string): Promise<string> {
  return sha256Hex(await readFile(path.join(outDir, MANIFEST_FILE)));
}

export interface DatasetRequest {
  /** A profile name from sandbox-templates/datasets/, or a profile already loaded. */
  readonly profile: string | DatasetProfile;
  readonly patients: number;
  readonly seed: number;
  readonly shard?: Shard | undefined;
}

/**
 * Whether `outDir` already holds exactly this dataset, so `sandbox up` can skip regeneration. Cheap
 * by default (manifest fields plus file sizes); `verify: 'sha256'` re-hashes every file.
 */
export async function isDatasetCurrent(outDir: string, request: DatasetRequest, options: { verify?: 'size' | 'sha256' } = {}): Promise<boolean> {
  const manifest = await readManifest(outDir);
  if (!manifest) return false;
  const profile = typeof request.profile === 'string' ? loadDatasetProfile(request.profile) : request.profile;
  const x = manifest.extension;
  const shard = request.shard ?? { index: 0, count: 1 };
  if (
    x.generator.version !== GENERATOR_VERSION ||
    x.profile.name !== profile.name ||
    x.profile.sha256 !== profile.sha256 ||
    x.seed !== request.seed ||
    x.patients !== request.patients ||
    x.shard.index !== shard.index ||
    x.shard.count !== shard.count
  ) {
    return false;
  }
  const files = [...manifest.output.map((o) => ({ url: o.url, size: o.extension.size, sha256: o.extension.sha256 })), ...x.datasheet];
  for (const f of files) {
    const file = path.join(outDir, f.url);
    try {
      if ((await stat(file)).size !== f.size) return false;
    } catch {
      return false;
    }
    if (options.verify === 'sha256' && (await sha256File(file)) !== f.sha256) return false;
  }
  return true;
}


