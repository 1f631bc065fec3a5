import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * `mkdir -p` that always ends. Node's recursive mkdir retries forever where a filesystem answers
 * ENOENT for a directory whose parent exists (procfs, sysfs: `--out /proc/x` spun at 100 % CPU);
 * this walks up once and fails with the error of the level that cannot be made.
 */
export async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    await makeDirectory(parent);
  }
  try {
    await mkdir(dir);
  } catch (error) {
    if (!((error as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(dir)).isDirectory())) throw error;
  }
}

export function makeDirectorySync(dir: string): void {
  try {
    mkdirSync(dir);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    makeDirectorySync(parent);
  }
  try {
    mkdirSync(dir);
  } catch (error) {
    if (!((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(dir).isDirectory())) throw error;
  }
}
