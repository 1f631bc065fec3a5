import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { sha256File, sha256Hex } from '../common/sha256.ts';
import { fingerprintListing } from '../stacks/fingerprint.ts';

/** One file a run left behind, by its POSIX path relative to the directory listed. */
export interface ListedFile {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}


/**
 * Every regular file under `dir`, sorted by path. Symbolic links are not followed and not listed:
 * a run's outputs are what it wrote, not what a link points at (which may be outside the tenant).
 */
export async function listFiles(dir: string): Promise<ListedFile[]> {
  const files: ListedFile[] = [];
  async function walk(at: string): Promise<void> {
    const entries = await readdir(at, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        const { size } = await lstat(full);
        files.push({ path: path.relative(dir, full).split(path.sep).join('/'), sha256: await sha256File(full), size });
      }
    }
  }
  await walk(dir);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * `ai.outputsSha256`: the SHA-256 of a `sha256sum`-style listing sorted by path, the same form as
 * the environment fingerprint, so anyone can recompute it with `sha256sum | sort -k2 | sha256sum`.
 */
export function listingSha256(files: readonly Pick<ListedFile, 'path' | 'sha256'>[]): string {
  return sha256Hex(fingerprintListing(Object.fromEntries(files.map((f) => [f.path, f.sha256]))));
}
