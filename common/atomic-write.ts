import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeDirectory, makeDirectorySync } from './make-directory.ts';

/**
 * A sibling name in the same directory, so the final rename never crosses a filesystem:
 * `.<name>.<pid>.<hex>.tmp`. The pid lets removeStaleTemporaries tell a dead run's leftovers.
 */
export function temporarySibling(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Where replaceDirectory moves the previous directory while it swaps in the new one. */
function asideSibling(tmp: string): string {
  return `${tmp}.old`;
}

/** Matches what temporarySibling and asideSibling name for target; group 1 is the pid, group 2 the `.old`. */
function temporaryPattern(target: string): RegExp {
  const name = path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${name}\\.(\\d+)\\.[0-9a-f]+\\.tmp(\\.old)?$`);
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
  const old = asideSibling(tmp);
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

/**
 * Removes the temporary siblings of target that a killed run (SIGKILL, OOM) left behind. A sibling
 * belongs to a live run only if its process still exists and is not this one (a Kubernetes retry
 * often gets the same pid as the pod it replaces). A `.old` sibling is kept while target is missing:
 * it can hold the only copy of the previous directory (killed between the two renames). Not for
 * callers of replaceDirectory's `keep`: after the swap their `.old` may still hold kept entries.
 */
export async function removeStaleTemporaries(target: string): Promise<void> {
  const parent = path.dirname(target);
  const pattern = temporaryPattern(target);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (m[2] && !existsSync(target)) continue;
    if (pid !== process.pid && isAlive(pid)) continue;
    await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Undoes a replaceDirectory cut short by a signal, synchronously (the process is going down): the
 * half-filled tmp goes, and a previous directory already moved aside comes back. Best effort; what is
 * left, removeStaleTemporaries clears on the next run.
 */
export function abandonReplaceDirectory(target: string, tmp: string): void {
  try {
    const old = asideSibling(tmp);
    if (!existsSync(target) && existsSync(old)) renameSync(old, target);
    rmSync(tmp, { recursive: true, force: true });
  } catch {
    // Nothing more can be done while the process exits.
  }
}
