import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger, type LedgerEvent, type VerifyResult } from '../../audit/index.ts';
import { hashEvent } from '../../audit/event-line.ts';
import { copyLedger, readLines, sampleEvent, segmentFiles, tempDirs, testLedger, writeLines } from './helpers.ts';

const temp = tempDirs();

/**
 * One ledger for all cases: segment 000000000000.jsonl holds seq 0..23 (21 events, checkpoints at
 * 9 and 19, the seal at 23), segment 000000000024.jsonl seq 24..32 (a checkpoint at 29). Each
 * case tampers with a copy.
 */
let original: string;
beforeAll(async () => {
  original = path.join(mkdtempSync(path.join(tmpdir(), 'audit-fixture-')), 'ledger');
  const ledger = testLedger(original, { checkpointInterval: 10 });
  await ledger.appendBatch(Array.from({ length: 21 }, (_, i) => sampleEvent(i)));
  await ledger.seal();
  await ledger.appendBatch(Array.from({ length: 8 }, (_, i) => sampleEvent(100 + i)));
});
afterAll(() => rmSync(path.dirname(original), { recursive: true, force: true }));

function copy(): { dir: string; first: string; second: string } {
  const dir = copyLedger(original, temp());
  for (const file of segmentFiles(dir)) chmodSync(file, 0o644);
  const [first, second] = segmentFiles(dir);
  return { dir, first: first!, second: second! };
}

/** Verifies on the calling thread and with two workers on tiny ranges: both must agree. */
async function verifyBoth(dir: string, options: { publicKeyPath?: string } = {}): Promise<VerifyResult> {
  const sequential = await verifyLedger(dir, { ...options, workers: 0 });
  const parallel = await verifyLedger(dir, { ...options, workers: 2, chunkBytes: 1500 });
  expect(parallel).toEqual(sequential);
  return sequential;
}

function editLine(file: string, index: number, edit: (event: LedgerEvent) => LedgerEvent, rehash: boolean): void {
  const lines = readLines(file);
  const event = edit(JSON.parse(lines[index]!) as LedgerEvent);
  if (rehash) {
    const { hash: _hash, ...rest } = event;
    lines[index] = hashEvent(rest).line;
  } else {
    lines[index] = JSON.stringify(event);
  }
  writeLines(file, lines);
}

describe('verifyLedger', () => {
  it('reports an intact ledger with its counts and head', async () => {
    const result = await verifyBoth(original);
    expect(result).toMatchObject({ ok: true, events: 33, segments: 2, checkpoints: 4, warnings: [] });
    expect(result.head?.seq).toBe(32);
    expect(result.signedHead).toMatchObject({ state: 'committed', seq: 32 });
    expect(result.firstBad).toBeUndefined();
  });

  it('finds an edited field by its hash', async () => {
    const { dir, first } = copy();
    editLine(first, 5, (e) => ({ ...e, outcome: 'failure' }), false);
    expect((await verifyBoth(dir)).firstBad).toMatchObject({ seq: 5, problem: 'hash', file: '000000000000.jsonl', line: 6 });
  });

  it('finds an edited and re-hashed event by the broken chain', async () => {
    const { dir, first } = copy();
    editLine(first, 5, (e) => ({ ...e, outcome: 'failure' }), true);
    expect((await verifyBoth(dir)).firstBad).toMatchObject({ seq: 6, problem: 'chain' });
  });

  it('finds a rewritten chain at the next checkpoint, whose signature cannot be redone', async () => {
    const { dir, first } = copy();
    const lines = readLines(first);
    let prev = (JSON.parse(lines[4]!) as LedgerEvent).hash;
    for (let i = 5; i < lines.length; i++) {
      const { hash: _hash, ...event } = JSON.parse(lines[i]!) as LedgerEvent;
      const forged = { ...event, prev, ...(i === 5 && { outcome: 'failure' as const }) };
      if (forged.type === 'ledger.checkpoint') forged.details = { ...forged.details, sealedHash: prev };
      const { event: hashed, line } = hashEvent(forged);
      lines[i] = line;
      prev = hashed.hash;
    }
    writeLines(first, lines);
    expect((await verifyBoth(dir)).firstBad).toMatchObject({ seq: 9, problem: 'signature' });
  });

  it('finds a rewritten tail after the last checkpoint by the signed head', async () => {
    const { dir, second } = copy();
    const lines = readLines(second);
    editLine(second, lines.length - 1, (e) => ({ ...e, outcome: 'denied' }), true);
    expect((await verifyBoth(dir)).firstBad).toMatchObject({ seq: 32, problem: 'head' });
  });

  it('finds deleted, duplicated and reordered events by their seq', async () => {
    for (const change of [
      (lines: string[]) => lines.splice(3, 1),
      (lines: string[]) => lines.splice(3, 0, lines[2]!),
      (lines: string[]) => lines.splice(3, 2, lines[4]!, lines[3]!),
    ]) {
      const { dir, first } = copy();
      const lines = readLines(first);
      change(lines);
      writeLines(first, lines);
      expect((await verifyBoth(dir)).firstBad).toMatchObject({ seq: 3, problem: 'seq' });
    }
  });

  it('finds a line that is no longer canonical, or no longer an event', async () => {
    const { dir, first } = copy();
    const lines = readLines(first);
    lines[2] = lines[2]!.replace('"outcome":', '"outcome": ');
    writeLines(first, lines);
    expect((await verifyBoth(dir)).firstBad).toMatchObject({ seq: 2, problem: 'format' });

    lines[2] = '{"seq":2,"type":"tenant.admitted"}';
    writeLines(first, lines);
    const bad = (await verifyBoth(dir)).firstBad;
    expect(bad).toMatchObject({ seq: 2, problem: 'schema' });
    expect(bad?.message).toMatch(/time: is required/);
  });

  it('finds truncation of whole events by the signed head', async () => {
    const { dir, second } = copy();
    const lines = readLines(second);
    writeLines(second, lines.slice(0, -2));
    expect((await verifyBoth(dir)).firstBad).toMatchObject({ seq: 31, problem: 'head' });
  });

  it('finds stray bytes after the last event when no append was in progress', async () => {
    const { dir, second } = copy();
    writeFileSync(second, `${readLines(second).join('\n')}\n{"seq":33,`);
    expect((await verifyBoth(dir)).firstBad).toMatchObject({ seq: 33, problem: 'head' });
  });

  it('finds events appended after the signed head', async () => {
    const { dir, second } = copy();
    const lines = readLines(second);
    const last = JSON.parse(lines.at(-1)!) as LedgerEvent;
    const { hash: _hash, ...next } = { ...last, seq: 33, prev: last.hash };
    writeLines(second, [...lines, hashEvent(next).line]);
    expect((await verifyBoth(dir)).firstBad).toMatchObject({ seq: 33, problem: 'head' });
  });

  it('finds a missing head, a missing segment and a foreign key', async () => {
    const noHead = copy();
    rmSync(path.join(noHead.dir, 'head.json'));
    expect((await verifyBoth(noHead.dir)).firstBad).toMatchObject({ seq: 32, problem: 'head' });

    const noSegment = copy();
    rmSync(noSegment.first);
    expect((await verifyBoth(noSegment.dir)).firstBad).toMatchObject({ seq: 0, problem: 'segment' });

    const keys = temp('keys');
    mkdirSync(keys);
    const foreign = path.join(keys, 'other.pub');
    writeFileSync(foreign, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const result = await verifyBoth(original, { publicKeyPath: foreign });
    expect(result.firstBad).toMatchObject({ seq: 9, problem: 'signature' });
    expect(result.firstBad?.message).toMatch(/not by the verifying key/);
  });

  it('works on a read-only copy and changes nothing', async () => {
    const { dir } = copy();
    const files = () => [dir, path.join(dir, 'segments')].flatMap((d) => readdirSync(d).map((n) => `${n}:${statSync(path.join(d, n)).mtimeMs}`));
    const before = files();
    for (const file of [...segmentFiles(dir), path.join(dir, 'head.json'), path.join(dir, 'ledger.pub')]) chmodSync(file, 0o444);
    chmodSync(path.join(dir, 'segments'), 0o555);
    chmodSync(dir, 0o555);
    try {
      expect((await verifyBoth(dir)).ok).toBe(true);
      expect(files()).toEqual(before);
    } finally {
      chmodSync(dir, 0o755);
      chmodSync(path.join(dir, 'segments'), 0o755);
    }
  });

  it('says which directory or key it cannot read', async () => {
    await expect(verifyLedger(path.join(temp(), 'nowhere'))).rejects.toThrow(/ledger directory .*nowhere cannot be read/);
    const { dir } = copy();
    rmSync(path.join(dir, 'ledger.pub'));
    await expect(verifyLedger(dir)).rejects.toThrow(/public key .*ledger\.pub does not exist/);
  });

  it('verifies an empty ledger directory as intact', async () => {
    const dir = temp();
    mkdirSync(dir);
    expect(await verifyLedger(dir)).toMatchObject({ ok: true, events: 0 });
  });

  it('passes a rollback to an older signed head with the segment cut back to it, and catches it against an anchor held elsewhere', async () => {
    const dir = temp();
    const ledger = testLedger(dir);
    await ledger.appendBatch(Array.from({ length: 5 }, (_, i) => sampleEvent(i)));
    // what the attacker keeps: the signed head and the segment as they were at seq 4
    const [segment] = segmentFiles(dir);
    const oldHead = readFileSync(path.join(dir, 'head.json'));
    const oldBytes = statSync(segment!).size;
    const older = (await verifyLedger(dir)).head!;
    await ledger.appendBatch(Array.from({ length: 3 }, (_, i) => sampleEvent(10 + i)));
    const anchor = (await verifyLedger(dir)).head!;
    expect(anchor.seq).toBe(7);
    // the supervisor keeps the anchor (the evidence or exit report, the head in the Object Lock store)
    expect(await verifyLedger(dir, { expectHead: anchor })).toMatchObject({ ok: true });

    writeFileSync(path.join(dir, 'head.json'), oldHead);
    truncateSync(segment!, oldBytes);
    // head.json alone cannot tell: the rolled-back ledger is a valid, signed ledger
    expect(await verifyBoth(dir)).toMatchObject({ ok: true, head: older });
    const rolledBack = await verifyLedger(dir, { expectHead: anchor });
    expect(rolledBack.ok).toBe(false);
    expect(rolledBack.firstBad).toMatchObject({ seq: 5, problem: 'rollback' });
    expect(rolledBack.firstBad?.message).toMatch(/^head rolled back: the ledger ends at seq 4, but an anchor held elsewhere says it reached seq 7/);
    // an anchor it does reach passes; the same seq with another hash does not
    expect(await verifyLedger(dir, { expectHead: older, workers: 2, chunkBytes: 500 })).toMatchObject({ ok: true });
    const rewritten = await verifyLedger(dir, { expectHead: { seq: 2, hash: 'f'.repeat(64) } });
    expect(rewritten.firstBad).toMatchObject({ seq: 2, problem: 'rollback' });
    expect(rewritten.firstBad?.message).toMatch(/seq 2 has another hash than the anchor/);
    // deleting everything is the last rollback: an empty directory does not reach the anchor
    rmSync(path.join(dir, 'segments'), { recursive: true });
    rmSync(path.join(dir, 'head.json'));
    const emptied = await verifyLedger(dir, { expectHead: anchor });
    expect(emptied).toMatchObject({ ok: false, events: 0, firstBad: { seq: 0, problem: 'rollback' } });
    expect(emptied.firstBad?.message).toMatch(/holds no events and no head, but an anchor held elsewhere says it reached seq 7/);
  });
});
