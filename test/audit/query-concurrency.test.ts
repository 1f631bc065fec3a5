import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedger, queryEvents } from '../../audit/index.ts';

describe('queryEvents under concurrency', () => {
  it('lists every event once when several queries notice new bytes at the same time', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-query-'));
    const ledger = openLedger(dir, { source: { system: 'test', version: '0' } });
    const event = { tenant: 'platform', type: 'ledger.accessed' as const, outcome: 'success' as const, actor: { id: 'svc:sandbox-cli' } };
    await ledger.append(event);
    await queryEvents(dir, {});
    for (let round = 0; round < 5; round++) {
      await ledger.appendBatch([event, event, event]);
      const pages = await Promise.all(Array.from({ length: 6 }, () => queryEvents(dir, { limit: 1000 })));
      for (const page of pages) {
        const seqs = page.events.map((e) => e.seq);
        expect(new Set(seqs).size).toBe(seqs.length);
        expect(page.total).toBe(1 + 3 * (round + 1));
      }
    }
  });
});
