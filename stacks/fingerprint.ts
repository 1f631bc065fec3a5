import { sha256Hex } from '../common/sha256.ts';
import type { Artifact } from './engine.ts';

/**
 * The environment fingerprint: one SHA-256 over every synthesized artifact of every engine, so a
 * tenant can be rebuilt later and shown to be the same environment (or exactly where it is not).
 * It is the hash of a `sha256sum`-style listing sorted by path, so anyone can recompute it with
 * standard tools: `cd build/<id> && sha256sum <files> | LC_ALL=C sort -k2 | sha256sum`.
 */
export interface EnvironmentFingerprint {
  readonly tenant: string;
  readonly fingerprint: string;
  /** Per artifact path (relative to the tenant's build directory): its SHA-256. */
  readonly files: Readonly<Record<string, string>>;
}

export function fingerprintListing(files: Readonly<Record<string, string>>): string {
  return Object.keys(files)
    .sort()
    .map((p) => `${files[p]}  ${p}\n`)
    .join('');
}

export function fingerprintArtifacts(tenant: string, artifacts: readonly Artifact[]): EnvironmentFingerprint {
  const files: Record<string, string> = {};
  for (const artifact of [...artifacts].sort((a, b) => a.path.localeCompare(b.path))) {
    if (files[artifact.path] !== undefined) throw new Error(`two artifacts share the path ${artifact.path}`);
    files[artifact.path] = sha256Hex(artifact.content);
  }
  return { tenant, fingerprint: sha256Hex(fingerprintListing(files)), files };
}

export interface FingerprintDrift {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

export function compareFingerprints(recorded: EnvironmentFingerprint, current: EnvironmentFingerprint): FingerprintDrift {
  const before = recorded.files;
  const after = current.files;
  return {
    added: Object.keys(after).filter((p) => before[p] === undefined).sort(),
    removed: Object.keys(before).filter((p) => after[p] === undefined).sort(),
    changed: Object.keys(after).filter((p) => before[p] !== undefined && before[p] !== after[p]).sort(),
  };
}
