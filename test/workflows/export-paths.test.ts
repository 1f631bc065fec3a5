import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRequestedPath } from '../../workflows/index.ts';
import { resolveOutputFile } from '../../workflows/export-paths.ts';

describe('checkRequestedPath', () => {
  it.each([
    ['metrics.json', 'metrics.json'],
    ['./plots//roc.csv', 'plots/roc.csv'],
    ['plots\\roc.csv', 'plots/roc.csv'],
  ])('accepts %s as %s', (raw, normal) => {
    expect(checkRequestedPath(raw)).toEqual({ ok: true, path: normal });
  });

  it.each([
    ['', /empty/],
    ['/etc/passwd', /absolute/],
    ['C:\\temp\\x', /absolute/],
    ['..', /climbs out/],
    ['a/../../b', /climbs out/],
    ['a\\..\\..\\b', /climbs out/],
    ['.', /names the output directory itself/],
    ['a\0b', /NUL/],
  ])('refuses %j', (raw, message) => {
    const result = checkRequestedPath(raw);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});

describe('resolveOutputFile', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sandbox-export-paths-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const out = path.join(root, 'output');
  mkdirSync(path.join(out, 'sub'), { recursive: true });
  writeFileSync(path.join(out, 'sub', 'a.txt'), 'a');
  writeFileSync(path.join(root, 'secret.txt'), 'outside');
  symlinkSync(path.join(root, 'secret.txt'), path.join(out, 'out-link'));
  symlinkSync('sub/a.txt', path.join(out, 'in-link'));
  symlinkSync(root, path.join(out, 'dir-link'));

  it('follows links only while they stay inside, and names the real file', async () => {
    expect(await resolveOutputFile(out, 'in-link')).toMatchObject({ ok: true, path: 'sub/a.txt' });
    expect(await resolveOutputFile(out, 'out-link')).toMatchObject({ ok: false, message: expect.stringMatching(/is a symbolic link to outside/) });
    expect(await resolveOutputFile(out, 'dir-link/secret.txt')).toMatchObject({ ok: false, message: expect.stringMatching(/resolves through a symbolic link to outside/) });
    expect(await resolveOutputFile(out, 'sub')).toMatchObject({ ok: false, message: expect.stringMatching(/not a regular file/) });
  });
});
