import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { abandonReplaceDirectory, removeStaleTemporaries, replaceDirectory } from '../common/atomic-write.ts';
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
  await removeStaleTemporaries(target);
  let result: T | undefined;
  let tmpDir: string | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    stopListening();
    if (tmpDir) abandonReplaceDirectory(target, tmpDir);
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
    throw await asUserError(error, target);
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
    throw await asUserError(error, target);
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

async function asUserError(error: unknown, target: string): Promise<Error> {
  if (error instanceof SyntheticDataError) return error;
  const { code, path: culprit, syscall } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT' && culprit) {
    const explained = await explainMissing(culprit, syscall === 'mkdir');
    if (explained) return userError(target, explained);
  }
  if (code && code in FILESYSTEM_ERRORS) return userError(target, `${FILESYSTEM_ERRORS[code]} (${code})`);
  return error as Error;
}

/**
 * ENOENT on a path can mean two things worth naming: a symbolic link whose target is gone, or (from
 * mkdir) a directory that refuses new entries (procfs: `--out /proc/x`, where makeDirectory stops).
 */
async function explainMissing(culprit: string, creating: boolean): Promise<string | undefined> {
  const [link, parent] = await Promise.all([lstat(culprit).catch(() => undefined), stat(path.dirname(culprit)).catch(() => undefined)]);
  if (link?.isSymbolicLink()) return `${culprit} is a symbolic link to a target that does not exist (ENOENT)`;
  if (creating && !link && parent?.isDirectory()) return `${path.dirname(culprit)} does not accept new entries (ENOENT)`;
  return undefined;
}
