import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDirectory, makeDirectorySync } from '../../common/make-directory.ts';

const roots: string[] = [];
const temp = () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'make-dir-'));
  roots.push(root);
  return root;
};
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('makeDirectory', () => {
  it('makes every missing level and accepts one that exists', async () => {
    const dir = path.join(temp(), 'a', 'b', 'c');
    await makeDirectory(dir);
    await makeDirectory(dir);
    makeDirectorySync(path.join(dir, 'd', 'e'));
    expect(statSync(path.join(dir, 'd', 'e')).isDirectory()).toBe(true);
  });

  it('fails, instead of looping, where the filesystem cannot hold a directory', async () => {
    const file = path.join(temp(), 'file');
    writeFileSync(file, 'x');
    await expect(makeDirectory(path.join(file, 'sub', 'deeper'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(() => makeDirectorySync(path.join(file, 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    await expect(makeDirectory(file)).rejects.toMatchObject({ code: 'EEXIST' });
    // procfs answers ENOENT for a new directory although its parent exists: Node's own recursive
    // mkdir retries that forever.
    if (existsSync('/proc/self')) await expect(makeDirectory('/proc/sandbox-make-dir-test/x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
