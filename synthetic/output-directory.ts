import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { replaceDirectory } from '../common/atomic-write.ts';
import { SyntheticDataError } from './errors.ts';
import { MANIFEST_FILE, readManifest } from './manifest.ts';
import { GENERATOR_NAME } from './version.ts';

/**
 * Fills a dataset directory all at once (temporary sibling, renamed when complete) and turns file
 * system failures into messages that name the directory. A failure leaves the previous dataset, or
 * nothing.
 */
export async function replaceDatasetDirectory<T>(outDir: string, fill: (tmpDir: string) => Promise<T>): Promise<T> {
  const target = path.resolve(outDir);
  await refuseForeignDirectory(target);
  let result: T | undefined;
  try {
    await replaceDirectory(target, async (tmp) => {
      result = await fill(tmp);
    });
  } catch (error) {
    throw asUserError(error, target);
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
