import { existsSync, renameSync, rmSync } from 'node:fs';
import { lstat, mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { replaceDirectory } from '../common/atomic-write.ts';
import { SyntheticDataError } from './errors.ts';
import { MANIFEST_FILE, readManifest } from './manifest.ts';
import { GENERATOR_NAME } from './version.ts';

/**
 * Fills a dataset directory all at once (temporary sibling, renamed when complete) and turns file
 * system failures into messages that name the directory. A failure leaves the previous dataset, or
 * nothing; an interrupted run (Ctrl-C, SIGTERM from Kubernetes) removes its temporary directory, and
 * the next run clears what a killed one (SIGKILL, OOM) left behind.
 */
export async function replaceDatasetDirectory<T>(outDir: string, fill: (tmpDir: string) => Promise<T>): Promise<T> {
  const target = path.resolve(outDir);
  await refuseForeignDirectory(target);
  await prepareParent(target);
  await removeStaleTemporaries(target);
  let result: T | undefined;
  let tmpDir: string | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    stopListening();
    if (tmpDir) abandonTemporary(target, tmpDir);
    // Our handler is gone: the signal now does what it would have done without us.
    process.kill(process.pid, signal);
  };
  const stopListening = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await replaceDirectory(target, async (tmp) => {
      tmpDir = tmp;
      result = await fill(tmp);
    });
  } catch (error) {
    throw asUserError(error, target);
  } finally {
    stopListening();
  }
  return result as T;
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
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw asUserError(error, target);
  }
  if (entries.length === 0) return;
  if (!entries.includes(MANIFEST_FILE) || !(await readManifest(target))) {
    throw new SyntheticDataError(`--out: refusing to replace ${target}: it is not empty and holds no generated dataset (no ${MANIFEST_FILE} from ${GENERATOR_NAME})`);
  }
}

/**
 * Creates the missing parents one level at a time and then proves the parent takes a new entry,
 * before replaceDirectory's recursive mkdir runs. Recursive mkdir spins forever where a directory
 * refuses entries with ENOENT (procfs: `--out /proc/x`) and reports a dangling symbolic link as a
 * bare ENOENT; a step-by-step walk can name the culprit instead.
 */
async function prepareParent(target: string): Promise<void> {
  const parent = path.dirname(target);
  const missing: string[] = [];
  let existing = parent;
  for (;;) {
    try {
      if (!(await stat(existing)).isDirectory()) throw userError(target, `${existing} is not a directory (ENOTDIR)`);
      break;
    } catch (error) {
      if (error instanceof SyntheticDataError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw asUserError(error, target);
      if (await isSymbolicLink(existing)) throw userError(target, `${existing} is a symbolic link to a target that does not exist (ENOENT)`);
      const up = path.dirname(existing);
      if (up === existing) throw userError(target, `no part of ${parent} exists (ENOENT)`);
      missing.unshift(existing);
      existing = up;
    }
  }
  const probe = path.join(parent, `.${path.basename(target)}.${process.pid}.probe`);
  for (const dir of [...missing, probe]) {
    try {
      await mkdir(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await stat(dir).catch(() => undefined))?.isDirectory()) continue;
      if (code === 'ENOENT') throw userError(target, `${path.dirname(dir)} does not accept new entries (ENOENT)`);
      throw asUserError(error, target);
    }
  }
  await rmdir(probe);
}

async function isSymbolicLink(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `.<name>.<pid>.<random>.tmp` (and its `.old`), as common/atomic-write.ts names a directory's temporary siblings. */
function temporaryPattern(target: string): RegExp {
  const name = path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${name}\\.(\\d+)\\.[0-9a-f]+\\.tmp(\\.old)?$`);
}

/**
 * Siblings a killed run left behind. A sibling belongs to a live run only if its process still
 * exists and is not this one (a Kubernetes retry often gets the same pid as the pod it replaces).
 */
async function removeStaleTemporaries(target: string): Promise<void> {
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
    // A `.old` sibling can hold the only copy of the previous dataset (killed between the two renames).
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

/** On a signal, synchronously: the half-filled directory goes; a previous dataset moved aside comes back. */
function abandonTemporary(target: string, tmp: string): void {
  try {
    const old = `${tmp}.old`;
    if (!existsSync(target) && existsSync(old)) renameSync(old, target);
    rmSync(tmp, { recursive: true, force: true });
  } catch {
    // Best effort while the process is going down; the next run clears what is left.
  }
}

const FILESYSTEM_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is not a directory',
  ENOENT: 'a parent directory does not exist or is a dangling link',
  EEXIST: 'a file is in the way',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
};

function userError(target: string, reason: string): SyntheticDataError {
  return new SyntheticDataError(`--out: cannot write the dataset to ${target}: ${reason}; nothing was written`);
}

function asUserError(error: unknown, target: string): Error {
  if (error instanceof SyntheticDataError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && code in FILESYSTEM_ERRORS) return userError(target, `${FILESYSTEM_ERRORS[code]} (${code})`);
  return error as Error;
}
