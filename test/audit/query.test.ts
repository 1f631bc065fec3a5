import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { queryEvents } from '../../audit/index.ts';
import { sampleEvent, segmentFiles, tempDirs, testLedger } from './helpers.ts';

const temp = tempDirs();

/** 30 events a second apart: n % 3 === 0 is triage-assist, even n is model.run.started. */
async function ledgerOf30(): Promise<string> {
  const dir = temp();
  const ledger = testLedger(dir, { checkpointInterval: 1000 });
  await ledger.appendBatch(Array.from({ length: 15 }, (_, n) => sampleEvent(n)));
  await ledger.seal();
  await ledger.appendBatch(Array.from({ length: 15 }, (_, n) => sampleEvent(15 + n)));
  return dir;
}

const ns = (events: readonly { details?: Record<string, unknown> }[]) => events.map((e) => e.details?.n);

describe('queryEvents', () => {
  it('filters by tenant, type and time across segments, with the total of all matches', async () => {
    const dir = await ledgerOf30();
    const triage = await queryEvents(dir, { tenant: 'triage-assist', limit: Infinity });
    expect(ns(triage.events)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect(triage.total).toBe(10);

    const started = await queryEvents(dir, { tenant: 'diabetes-risk', type: 'model.run.started', since: '2027-01-04T09:00:10Z', until: '2027-01-04T09:00:20.000Z' });
    expect(ns(started.events)).toEqual([10, 14, 16, 20]);

    expect(await queryEvents(dir, { tenant: 'nobody' })).toEqual({ events: [], total: 0 });
    // The seal checkpoint is a platform event of its own type.
    expect((await queryEvents(dir, { type: 'ledger.checkpoint' })).events.map((e) => e.seq)).toEqual([15]);
  });

  it('leaves out types and keeps any of several, combined with the other filters and paging', async () => {
    const dir = await ledgerOf30();
    const notStarted = await queryEvents(dir, { tenant: 'diabetes-risk', excludeTypes: ['model.run.started'], limit: Infinity });
    expect(ns(notStarted.events)).toEqual([1, 5, 7, 11, 13, 17, 19, 23, 25, 29]);
    expect(notStarted.total).toBe(10);
    const page = await queryEvents(dir, { excludeTypes: ['model.run.started', 'ledger.checkpoint', 'not.a.type'], offset: 2, limit: 3, reverse: true });
    expect(ns(page.events)).toEqual([25, 23, 21]);
    expect(page.total).toBe(15);
    const either = await queryEvents(dir, { types: ['ledger.checkpoint', 'model.run.finished', 'not.a.type'], since: '2027-01-04T09:00:20Z', limit: Infinity });
    expect(either.events.map((e) => e.type === 'ledger.checkpoint' ? 'checkpoint' : e.details?.n)).toEqual([21, 23, 25, 27, 29]);
    // type and types together keep their intersection; excluding what is kept leaves nothing
    expect((await queryEvents(dir, { type: 'model.run.started', types: ['model.run.finished'] })).total).toBe(0);
    expect(await queryEvents(dir, { types: ['model.run.started'], excludeTypes: ['model.run.started'] })).toEqual({ events: [], total: 0 });
    expect(await queryEvents(dir, { types: ['not.a.type'] })).toEqual({ events: [], total: 0 });
    expect((await queryEvents(dir, { types: [] })).total).toBe(0);
  });

  it('pages forwards and backwards', async () => {
    const dir = await ledgerOf30();
    const page = await queryEvents(dir, { tenant: 'diabetes-risk', offset: 2, limit: 3 });
    expect(ns(page.events)).toEqual([4, 5, 7]);
    expect(page.total).toBe(20);
    const newest = await queryEvents(dir, { tenant: 'diabetes-risk', offset: 1, limit: 3, reverse: true });
    expect(ns(newest.events)).toEqual([28, 26, 25]);
    expect(await queryEvents(dir, { offset: 100 })).toMatchObject({ events: [], total: 31 });
  });

  it('sees events appended after the index was built, and ignores a torn line', async () => {
    const dir = await ledgerOf30();
    expect((await queryEvents(dir)).total).toBe(31);
    await testLedger(dir).appendBatch([sampleEvent(30), sampleEvent(31)]);
    const after = await queryEvents(dir, { reverse: true, limit: 2 });
    expect(after.total).toBe(33);
    expect(ns(after.events)).toEqual([31, 30]);
    appendFileSync(segmentFiles(dir).at(-1)!, '{"seq":33,"tenant":"diab');
    expect((await queryEvents(dir)).total).toBe(33);
  });

  it('rejects a bound that is not a time', async () => {
    const dir = await ledgerOf30();
    await expect(queryEvents(dir, { since: 'yesterday' })).rejects.toThrow('since: "yesterday" is not an ISO 8601 date or time');
  });
});
