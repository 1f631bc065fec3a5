import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../audit/index.ts';
import { sampleEvent, segmentFiles, testLedger } from './helpers.ts';

/**
 * Issue 6: any single edit, deletion, insertion, reordering or truncation of a ledger is detected.
 * The ledger has two segments (a sealed one and the open one) with checkpoints in both; each run
 * changes one segment of a fresh copy in one way and expects verify to fail.
 */

let root: string;
let original: string;
let files: { name: string; bytes: Buffer }[];

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'audit-tamper-'));
  original = path.join(root, 'original');
  const ledger = testLedger(original, { checkpointInterval: 8 });
  await ledger.appendBatch(Array.from({ length: 14 }, (_, i) => sampleEvent(i)));
  await ledger.seal();
  await ledger.appendBatch(Array.from({ length: 12 }, (_, i) => sampleEvent(50 + i)));
  files = segmentFiles(original).map((file) => ({ name: path.basename(file), bytes: readFileSync(file) }));
  expect((await verifyLedger(original)).ok).toBe(true);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;
async function verifyWith(fileIndex: number, change: (bytes: Buffer) => Buffer): Promise<boolean> {
  const dir = path.join(root, `copy-${runs++}`);
  cpSync(original, dir, { recursive: true });
  const file = files[fileIndex]!;
  const target = path.join(dir, 'segments', file.name);
  chmodSync(target, 0o644);
  writeFileSync(target, change(file.bytes));
  const result = await verifyLedger(dir, { workers: 0 });
  rmSync(dir, { recursive: true, force: true });
  return result.ok;
}

function splitLines(bytes: Buffer): string[] {
  return bytes.toString('utf8').split('\n').slice(0, -1);
}

function joinLines(lines: readonly string[]): Buffer {
  return Buffer.from(lines.map((l) => `${l}\n`).join(''));
}

const segment = fc.integer({ min: 0, max: 1 });
const options = { numRuns: 60 };
const byteEdits = { numRuns: 200 };

describe('tampering with a ledger', () => {
  it('detects any single changed byte', async () => {
    await fc.assert(
      fc.asyncProperty(segment, fc.nat(), fc.integer({ min: 1, max: 255 }), async (s, position, delta) => {
        const ok = await verifyWith(s, (bytes) => {
          const copy = Buffer.from(bytes);
          const at = position % copy.length;
          copy[at] = (copy[at]! + delta) % 256;
          return copy;
        });
        expect(ok).toBe(false);
      }),
      byteEdits,
    );
  });

  it('detects a deleted event', async () => {
    await fc.assert(
      fc.asyncProperty(segment, fc.nat(), async (s, k) => {
        const ok = await verifyWith(s, (bytes) => {
          const lines = splitLines(bytes);
          lines.splice(k % lines.length, 1);
          return joinLines(lines);
        });
        expect(ok).toBe(false);
      }),
      options,
    );
  });

  it('detects an inserted event, copied from anywhere in the ledger', async () => {
    await fc.assert(
      fc.asyncProperty(segment, fc.nat(), segment, fc.nat(), async (s, k, from, j) => {
        const donor = splitLines(files[from]!.bytes);
        const ok = await verifyWith(s, (bytes) => {
          const lines = splitLines(bytes);
          lines.splice(k % (lines.length + 1), 0, donor[j % donor.length]!);
          return joinLines(lines);
        });
        expect(ok).toBe(false);
      }),
      options,
    );
  });

  it('detects two events swapped', async () => {
    await fc.assert(
      fc.asyncProperty(segment, fc.nat(), fc.integer({ min: 1, max: 1000 }), async (s, i, d) => {
        const ok = await verifyWith(s, (bytes) => {
          const lines = splitLines(bytes);
          const a = i % lines.length;
          const b = (a + (d % (lines.length - 1)) + 1) % lines.length;
          [lines[a], lines[b]] = [lines[b]!, lines[a]!];
          return joinLines(lines);
        });
        expect(ok).toBe(false);
      }),
      options,
    );
  });

  it('detects truncation at any byte', async () => {
    await fc.assert(
      fc.asyncProperty(segment, fc.nat(), async (s, cut) => {
        const ok = await verifyWith(s, (bytes) => bytes.subarray(0, cut % bytes.length));
        expect(ok).toBe(false);
      }),
      options,
    );
  });
});

describe('tampering with the signed head', () => {
  it('detects any changed character in a value of head.json', async () => {
    const head = readFileSync(path.join(original, 'head.json'), 'utf8');
    // Positions inside string and number values: whitespace and key order are not what is signed.
    const valueChars = [...head.matchAll(/:\s*("?)([^",\n]+)\1/g)].flatMap((m) => {
      const start = m.index + m[0].length - m[2]!.length - m[1]!.length;
      return Array.from({ length: m[2]!.length }, (_, i) => start + i);
    });
    expect(valueChars.length).toBeGreaterThan(100);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...valueChars), fc.constantFrom(...'0123456789abcdefABCDEF+/=xz'), async (at, replacement) => {
        if (head[at] === replacement) return;
        const dir = path.join(root, `head-${runs++}`);
        cpSync(original, dir, { recursive: true });
        writeFileSync(path.join(dir, 'head.json'), head.slice(0, at) + replacement + head.slice(at + 1));
        const result = await verifyLedger(dir, { workers: 0 });
        rmSync(dir, { recursive: true, force: true });
        expect(result.ok).toBe(false);
        expect(['head', 'signature']).toContain(result.firstBad?.problem);
      }),
      options,
    );
  });
});
