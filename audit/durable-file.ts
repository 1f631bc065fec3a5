import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { temporarySibling } from '../common/atomic-write.ts';

/**
 * common/atomic-write.ts gives readers all-or-nothing files; the ledger also needs them to survive
 * a power cut, in order: the head must be on disk before the events it announces. So: write a
 * temporary sibling, fsync it, rename it over the target, fsync the directory.
 */
export async function writeFileDurable(target: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const tmp = temporarySibling(target);
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await fsyncDirectory(path.dirname(target));
}

/** Makes a created, renamed or removed directory entry durable. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
