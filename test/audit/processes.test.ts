import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryEvents, RECOVERED_DETAIL, verifyLedger } from '../../audit/index.ts';
import { tempDirs, testLedger } from './helpers.ts';

const temp = tempDirs();
const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(import.meta.dirname, 'fixtures', 'append-child.ts');

interface Ack {
  seq: number;
  writer: string;
  i: number;
}

function startWriter(dir: string, writer: string, count: number | 'loop'): { child: ChildProcess; acks: Ack[]; exited: Promise<number | null>; waitFor(n: number): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, writer, String(count)], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Ack[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) acks.push(JSON.parse(line) as Ack);
    for (const w of waiters.filter((w) => acks.length >= w.n)) w.resolve();
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') throw new Error(`writer ${writer} failed (${code ?? signal}): ${stderr}`);
      resolve(code);
    }),
  );
  return { child, acks, exited, waitFor: (n) => new Promise((resolve) => (acks.length >= n ? resolve() : waiters.push({ n, resolve }))) };
}

async function storedWrites(dir: string): Promise<Map<string, number>> {
  const { events } = await queryEvents(dir, { type: 'model.run.finished', limit: Infinity });
  const seen = new Map<string, number>();
  for (const e of events) {
    const key = `${String(e.details?.writer)}#${String(e.details?.i)}`;
    expect(seen.has(key), `${key} stored twice`).toBe(false);
    seen.set(key, e.seq);
  }
  return seen;
}

describe('several processes', () => {
  it('append at once without losing, duplicating or forking anything', async () => {
    const dir = temp();
    const writers = ['a', 'b', 'c', 'd'].map((name) => startWriter(dir, name, 24));
    await Promise.all(writers.map((w) => w.exited));

    const result = await verifyLedger(dir);
    expect(result.ok).toBe(true);
    const stored = await storedWrites(dir);
    const acks = writers.flatMap((w) => w.acks);
    // 24 rounds each: 16 single appends and 8 batches of three.
    expect(acks).toHaveLength(4 * 40);
    expect(stored.size).toBe(acks.length);
    for (const ack of acks) expect(stored.get(`${ack.writer}#${ack.i}`)).toBe(ack.seq);
  });

  it('survive SIGKILL in the middle of appending: verify passes, acknowledged events stay, appends go on', async () => {
    const dir = temp();
    const acked: Ack[] = [];
    for (let round = 0; round < 3; round++) {
      const writer = startWriter(dir, `w${round}`, 'loop');
      await writer.waitFor(30);
      writer.child.kill('SIGKILL');
      await writer.exited;
      acked.push(...writer.acks);

      // Verify needs no lock and writes nothing: a crash leaves at most a warning.
      const result = await verifyLedger(dir);
      expect(result.firstBad).toBeUndefined();
      expect(result.ok).toBe(true);
    }

    const stored = await storedWrites(dir);
    for (const ack of acked) expect(stored.get(`${ack.writer}#${ack.i}`)).toBe(ack.seq);

    // The dead writer's lock goes stale; the next append heals whatever the kill left.
    const next = await testLedger(dir, { lockStaleMs: 2000 }).append({ tenant: 'platform', type: 'ledger.accessed', outcome: 'success', actor: { id: 'svc:ci' } });
    const after = await verifyLedger(dir);
    expect(after).toMatchObject({ ok: true, warnings: [] });
    expect(after.head?.seq).toBe(next.seq);
    const recovered = (await queryEvents(dir, { limit: Infinity })).events.filter((e) => e.details?.[RECOVERED_DETAIL] !== undefined);
    for (const e of recovered) expect(e.details?.[RECOVERED_DETAIL]).toMatchObject({ interruptedAppend: { from: expect.any(Number), to: expect.any(Number) } });
  });
});
