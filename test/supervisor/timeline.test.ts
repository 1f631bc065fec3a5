import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedger, queryEvents, type EventType, type LedgerEvent, type NewEvent } from '../../audit/index.ts';
import { timelinePage, type TimelineRequest } from '../../supervisor/web/timeline.ts';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function tempLedger(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'supervisor-timeline-'));
  roots.push(root);
  return path.join(root, 'ledger');
}

const SOURCE = { system: 'timeline-test', version: '1' };
const TYPES: readonly EventType[] = ['model.run.started', 'model.run.finished', 'export.requested', 'ledger.accessed'];

/** Kinds: R a read of the tenant, E another event of the tenant, O an event of another tenant. */
function event(kind: 'R' | 'E' | 'O', i: number, padding = ''): NewEvent {
  return {
    tenant: kind === 'O' ? 'triage-assist' : 'diabetes-risk',
    type: kind === 'R' ? 'ledger.accessed' : TYPES[i % 3]!,
    outcome: 'success',
    time: new Date(Date.UTC(2027, 0, 4, 0, 0, i)).toISOString(),
    actor: { id: kind === 'R' ? 'svc:supervisor-ui' : 'svc:ci' },
    details: { i, ...(padding && { padding }) },
  };
}

async function append(dir: string, kinds: string, from: number, padding = ''): Promise<void> {
  const ledger = openLedger(dir, { source: SOURCE, checkpointInterval: 1_000_000 });
  await ledger.appendBatch([...kinds].map((k, j) => event(k as 'R' | 'E' | 'O', from + j, padding)));
}

/** What a page must hold, computed the slow and obvious way from every event. */
async function expected(dir: string, request: TimelineRequest): Promise<{ seqs: number[]; pages: number }> {
  const all = (await queryEvents(dir, { tenant: request.tenant, limit: Infinity, ...(request.since && { since: request.since }), ...(request.until && { until: request.until }) })).events;
  const matching = all.filter((e: LedgerEvent) => (request.type ? e.type === request.type : request.includeReads || e.type !== 'ledger.accessed'));
  const n = request.snapshot ?? matching.length;
  const end = n - (request.page - 1) * request.pageSize;
  const slice = matching.slice(Math.max(0, end - request.pageSize), Math.max(0, end));
  return { seqs: slice.map((e) => e.seq).reverse(), pages: Math.max(1, Math.ceil(n / request.pageSize)) };
}

async function checkEveryPage(dir: string, base: Omit<TimelineRequest, 'page'>): Promise<void> {
  const first = await timelinePage(dir, { ...base, page: 1 });
  for (let page = 1; page <= first.pages; page++) {
    const got = await timelinePage(dir, { ...base, page, snapshot: first.snapshot });
    const want = await expected(dir, { ...base, page, snapshot: first.snapshot });
    expect(got.events.map((e) => e.seq), `page ${page} of ${JSON.stringify(base)}`).toEqual(want.seqs);
    expect(got.pages).toBe(want.pages);
  }
}

describe('timeline paging', () => {
  it('pages newest first through all events but the reads, through reads on request, and through one type', async () => {
    const dir = tempLedger();
    await append(dir, 'EEREOERRRREEOEEREEEERRRRRROEE', 0);
    for (const pageSize of [1, 3, 7, 50]) {
      await checkEveryPage(dir, { tenant: 'diabetes-risk', includeReads: false, pageSize });
      await checkEveryPage(dir, { tenant: 'diabetes-risk', includeReads: true, pageSize });
      await checkEveryPage(dir, { tenant: 'diabetes-risk', type: 'ledger.accessed', includeReads: false, pageSize });
      await checkEveryPage(dir, { tenant: 'diabetes-risk', type: 'model.run.started', includeReads: false, pageSize });
    }
    const page = await timelinePage(dir, { tenant: 'diabetes-risk', includeReads: false, pageSize: 100, page: 1 });
    expect(page.events.some((e) => e.type === 'ledger.accessed')).toBe(false);
    expect(page.readsHidden).toBe(12);
  });

  it('keeps a page in place while events are appended, and counts the newer ones', async () => {
    const dir = tempLedger();
    await append(dir, 'EEEEEEEEEE', 0);
    const request = { tenant: 'diabetes-risk', includeReads: false, pageSize: 4, page: 2 } as const;
    const before = await timelinePage(dir, request);
    await append(dir, 'RERE', 100);
    const after = await timelinePage(dir, { ...request, snapshot: before.snapshot });
    expect(after.events.map((e) => e.seq)).toEqual(before.events.map((e) => e.seq));
    expect(after.newer).toBe(2);
    // A snapshot larger than what exists (another ledger) falls back to now.
    expect((await timelinePage(dir, { ...request, snapshot: 10_000 })).snapshot).toBe(12);
  });

  it('filters by time, hiding reads within the range', async () => {
    const dir = tempLedger();
    await append(dir, 'EERREEREEERRE', 0);
    const range = { since: new Date(Date.UTC(2027, 0, 4, 0, 0, 3)).toISOString(), until: new Date(Date.UTC(2027, 0, 4, 0, 0, 10)).toISOString() };
    await checkEveryPage(dir, { tenant: 'diabetes-risk', ...range, includeReads: false, pageSize: 2 });
    await checkEveryPage(dir, { tenant: 'diabetes-risk', ...range, includeReads: true, pageSize: 2 });
  });

  it('stays right as the ledger grows by batches of reads, other events and other tenants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.stringMatching(/^[ERO]{1,12}$/), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 5 }), async (batches, pageSize) => {
        const dir = tempLedger();
        let i = 0;
        for (const batch of batches) {
          await append(dir, batch, i);
          i += batch.length;
          await checkEveryPage(dir, { tenant: 'diabetes-risk', includeReads: false, pageSize });
          const hidden = (await timelinePage(dir, { tenant: 'diabetes-risk', includeReads: false, pageSize, page: 1 })).readsHidden;
          expect(hidden).toBe([...batches.join('').slice(0, i)].filter((k) => k === 'R').length);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('notices a ledger that was replaced under the same directory', async () => {
    const dir = tempLedger();
    // The first ledger is larger in bytes, so the ledger's own query index sees the new file as new.
    await append(dir, 'EREE', 0, 'x'.repeat(2000));
    const request = { tenant: 'diabetes-risk', includeReads: false, pageSize: 10, page: 1 } as const;
    expect((await timelinePage(dir, request)).readsHidden).toBe(1);
    rmSync(dir, { recursive: true, force: true });
    await append(dir, 'RREEE', 0);
    const page = await timelinePage(dir, request);
    expect(page.readsHidden).toBe(2);
    expect(page.events.map((e) => e.details?.i)).toEqual([4, 3, 2]);
  });
});
