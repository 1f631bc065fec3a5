import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory, makeDirectorySync } from './make-directory.ts';

/** A sibling name in the same directory, so the final rename never crosses a filesystem. */
function temporarySibling(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes a file so that readers see either the old bytes or the new ones, never half a file:
 * write a temporary sibling, then rename it over the target.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, mode?: number): Promise<void> {
  await makeDirectory(path.dirname(target));
  const tmp = temporarySibling(target);
  try {
    await writeFile(tmp, data, mode === undefined ? undefined : { mode });
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export function writeFileAtomicSync(target: string, data: string | Uint8Array, mode?: number): void {
  makeDirectorySync(path.dirname(target));
  const tmp = temporarySibling(target);
  try {
    writeFileSync(tmp, data, mode === undefined ? undefined : { mode });
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

export interface ReplaceDirectoryOptions {
  /**
   * Entries (top-level names) of the old directory to carry into the new one when the new one has
   * no entry of that name: files that others keep beside generated output, such as Terraform's
   * working directory and state next to the synthesized root module.
   */
  readonly keep?: (name: string) => boolean;
}

/**
 * Replaces a whole directory at once: the caller fills a temporary sibling directory, and only a
 * complete one is renamed into place, so a failed run leaves the previous output (or nothing).
 */
export async function replaceDirectory(target: string, fill: (tmpDir: string) => Promise<void>, options: ReplaceDirectoryOptions = {}): Promise<void> {
  await makeDirectory(path.dirname(target));
  const tmp = temporarySibling(target);
  const old = `${tmp}.old`;
  try {
    await mkdir(tmp);
    await fill(tmp);
    // rename() cannot replace a non-empty directory: move the old one aside first.
    let hadOld = false;
    try {
      await rename(target, old);
      hadOld = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await rename(tmp, target);
    if (!hadOld) return;
    // Kept entries move only after the swap, so a failure before it can never delete them with tmp;
    // a crash in between leaves them in the `.old` sibling, not gone.
    if (options.keep) {
      const fresh = new Set(await readdir(target));
      for (const name of await readdir(old)) {
        if (options.keep(name) && !fresh.has(name)) await rename(path.join(old, name), path.join(target, name));
      }
    }
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
