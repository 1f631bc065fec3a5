import { appendFileSync, chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENESIS_PREV, RECOVERED_DETAIL, verifyLedger, type LedgerEvent } from '../../audit/index.ts';
import { hashEvent } from '../../audit/event-line.ts';
import { writeHead } from '../../audit/head.ts';
import { loadSigningKeys } from '../../audit/keys.ts';
import { readLines, sampleEvent, segmentFiles, SOURCE, tempDirs, testLedger } from './helpers.ts';

/**
 * What a crash leaves, built directly: the writer signs an `appending` head, writes the events,
 * then commits the head. A kill can stop it anywhere in between; these cases stop it at each
 * point and check that verify passes with a warning and that the next append heals the ledger,
 * noting `ledger.recovered` in its details.
 */

const temp = tempDirs();

/** Events the interrupted append was writing, chained onto the ledger's current end. */
function pendingEvents(after: LedgerEvent, count: number): { events: LedgerEvent[]; lines: string[] } {
  const events: LedgerEvent[] = [];
  const lines: string[] = [];
  let prev = after;
  for (let i = 0; i < count; i++) {
    const { time, ...draft } = sampleEvent(90 + i);
    const { event, line } = hashEvent({ ...draft, time: time!, source: SOURCE, seq: prev.seq + 1, prev: prev.hash });
    events.push(event);
    lines.push(line);
    prev = event;
  }
  return { events, lines };
}

/** A ledger of five events (seq 0..4), then an append of `count` events interrupted as `write` says. */
async function interrupted(count: number, write: (file: string, lines: string[]) => void): Promise<{ dir: string; last: LedgerEvent; pending: LedgerEvent[] }> {
  const dir = temp();
  const appended = await testLedger(dir).appendBatch([0, 1, 2, 3, 4].map((n) => sampleEvent(n)));
  const last = appended.at(-1)!;
  const { events, lines } = pendingEvents(last, count);
  const keys = await loadSigningKeys(dir, { mayCreate: false });
  await writeHead(dir, { state: 'appending', seq: events.at(-1)!.seq, hash: events.at(-1)!.hash, previous: { seq: last.seq, hash: last.hash } }, keys);
  write(segmentFiles(dir)[0]!, lines);
  return { dir, last, pending: events };
}

describe('recovery after a crash', () => {
  it('a torn final line: verify warns (exit 0), the next append truncates it and says so', async () => {
    const { dir } = await interrupted(1, (file, lines) => appendFileSync(file, lines[0]!.slice(0, 40)));
    const result = await verifyLedger(dir);
    expect(result).toMatchObject({ ok: true, events: 5, tornTail: { file: 'segments/000000000000.jsonl', bytes: 40 } });
    expect(result.warnings.join('\n')).toMatch(/an append of seq 5\.\.5 was cut short/);
    expect(result.warnings.join('\n')).toMatch(/torn tail: 40 bytes/);

    const next = await testLedger(dir).append(sampleEvent(7));
    expect(next.seq).toBe(5);
    expect(next.details?.[RECOVERED_DETAIL]).toEqual({ interruptedAppend: { from: 5, to: 5 }, discardedEvents: 0, tornBytes: 40 });
    expect(await verifyLedger(dir)).toMatchObject({ ok: true, events: 6, warnings: [] });
  });

  it('half a batch: the events that were never acknowledged are discarded with the torn line', async () => {
    const { dir, pending } = await interrupted(4, (file, lines) => appendFileSync(file, `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 10)}`));
    const result = await verifyLedger(dir);
    expect(result).toMatchObject({ ok: true, events: 7 });
    expect(result.warnings.join('\n')).toMatch(/an append of seq 5\.\.8 was cut short: events 5\.\.6 were written but never acknowledged/);

    const next = await testLedger(dir).append(sampleEvent(7));
    expect(next).toMatchObject({ seq: 5, prev: pending[0]!.prev });
    expect(next.details?.[RECOVERED_DETAIL]).toEqual({ interruptedAppend: { from: 5, to: 8 }, discardedEvents: 2, tornBytes: 10 });
    expect(await verifyLedger(dir)).toMatchObject({ ok: true, events: 6, warnings: [] });
  });

  it('a batch written completely whose head was not committed is kept', async () => {
    const { dir, pending } = await interrupted(2, (file, lines) => appendFileSync(file, `${lines.join('\n')}\n`));
    const result = await verifyLedger(dir);
    expect(result).toMatchObject({ ok: true, events: 7, head: { seq: 6, hash: pending[1]!.hash } });
    expect(result.warnings.join('\n')).toMatch(/written completely but its head was not committed/);

    const next = await testLedger(dir).append(sampleEvent(7));
    expect(next).toMatchObject({ seq: 7, prev: pending[1]!.hash });
    expect(next.details?.[RECOVERED_DETAIL]).toEqual({ interruptedAppend: { from: 5, to: 6 }, discardedEvents: 0, tornBytes: 0 });
  });

  it('a crash before any byte was written leaves a ledger that verifies and appends normally', async () => {
    const { dir } = await interrupted(3, () => undefined);
    expect((await verifyLedger(dir)).ok).toBe(true);
    expect((await testLedger(dir).append(sampleEvent(7))).seq).toBe(5);
    expect((await verifyLedger(dir)).warnings).toEqual([]);
  });

  it('a crash in the first append after a seal, in the new segment', async () => {
    const dir = temp();
    const ledger = testLedger(dir);
    await ledger.appendBatch([sampleEvent(0), sampleEvent(1)]);
    await ledger.seal();
    const sealEvent = JSON.parse(readLines(segmentFiles(dir)[0]!).at(-1)!) as LedgerEvent;
    const { events, lines } = pendingEvents(sealEvent, 2);
    await writeHead(dir, { state: 'appending', seq: events[1]!.seq, hash: events[1]!.hash, previous: { seq: sealEvent.seq, hash: sealEvent.hash } }, await loadSigningKeys(dir, { mayCreate: false }));
    writeFileSync(path.join(dir, 'segments', '000000000003.jsonl'), `${lines[0]}\n${lines[1]!.slice(0, 5)}`);
    expect((await verifyLedger(dir)).ok).toBe(true);

    const next = await testLedger(dir).append(sampleEvent(7));
    expect(next.seq).toBe(3);
    expect(next.details?.[RECOVERED_DETAIL]).toMatchObject({ discardedEvents: 1, tornBytes: 5 });
    expect(await verifyLedger(dir)).toMatchObject({ ok: true, events: 4, segments: 2, warnings: [] });
  });

  it('the very first append of a ledger, torn', async () => {
    const dir = temp();
    await testLedger(dir).append(sampleEvent(0));
    const keys = await loadSigningKeys(dir, { mayCreate: false });
    const [file] = segmentFiles(dir);
    const line = readLines(file!)[0]!;
    const first = JSON.parse(line) as LedgerEvent;
    await writeHead(dir, { state: 'appending', seq: 0, hash: first.hash, previous: null }, keys);
    writeFileSync(file!, line.slice(0, 30));
    expect(await verifyLedger(dir)).toMatchObject({ ok: true, events: 0, tornTail: { bytes: 30 } });
    const next = await testLedger(dir).append(sampleEvent(1));
    expect(next).toMatchObject({ seq: 0, prev: GENESIS_PREV });
  });

  it('refuses to append where no crash explains the state, and verify names it', async () => {
    const { dir } = await interrupted(2, () => undefined);
    const [file] = segmentFiles(dir);
    chmodSync(file!, 0o644);
    // Cut below where the signed head says the unfinished append started: that is tampering.
    writeFileSync(file!, `${readLines(file!).slice(0, 3).join('\n')}\n`);
    await expect(testLedger(dir).append(sampleEvent(9))).rejects.toThrow(/ends at seq 2 but its head records an unfinished append of seq 5\.\.6: refusing to append/);
    expect((await verifyLedger(dir)).firstBad).toMatchObject({ seq: 3, problem: 'head' });
  });
});
