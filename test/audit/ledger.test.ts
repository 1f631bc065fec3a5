import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GENESIS_PREV,
  LEDGER_DIR_ENV,
  LEDGER_KEY_ENV,
  LedgerStateError,
  openLedger,
  resolveLedgerDir,
  sealLedger,
  verifyLedger,
  type LedgerEvent,
} from '../../audit/index.ts';
import { readLines, sampleEvent, segmentFiles, SOURCE, tempDirs, testLedger } from './helpers.ts';

const temp = tempDirs();

function storedEvents(dir: string): LedgerEvent[] {
  return segmentFiles(dir).flatMap((file) => readLines(file).map((line) => JSON.parse(line) as LedgerEvent));
}

/** The hash as a third party computes it from the format's definition, with the reference JCS. */
function independentHash(event: LedgerEvent): string {
  const { hash: _hash, ...rest } = event;
  return createHash('sha256').update(canonicalize(rest)!).digest('hex');
}

afterEach(() => {
  delete process.env[LEDGER_DIR_ENV];
  delete process.env[LEDGER_KEY_ENV];
});

describe('appending', () => {
  it('chains gap-free events whose hash is SHA-256 over the RFC 8785 JSON without the hash', async () => {
    const dir = temp();
    const ledger = testLedger(dir);
    const first = await ledger.append(sampleEvent(0));
    const batch = await ledger.appendBatch([sampleEvent(1), sampleEvent(2), sampleEvent(3)]);
    expect([first, ...batch].map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect(first.prev).toBe(GENESIS_PREV);

    const stored = storedEvents(dir);
    expect(stored).toEqual([first, ...batch]);
    for (const [i, event] of stored.entries()) {
      expect(event.hash).toBe(independentHash(event));
      if (i > 0) expect(event.prev).toBe(stored[i - 1]!.hash);
    }
    expect(stored[1]!.details).toEqual({ n: 1, note: 'run 1' });
  });

  it('merges appends issued at once into one group commit and keeps their order', async () => {
    const dir = temp();
    const ledger = testLedger(dir);
    const appended = await Promise.all(Array.from({ length: 50 }, (_, i) => ledger.append(sampleEvent(i))));
    expect(appended.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(storedEvents(dir).map((e) => e.details?.n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('fills in the time and the default source when the caller gives none', async () => {
    const dir = temp();
    const clock = () => new Date('2027-03-01T12:00:00.000Z');
    const { time: _time, ...noTime } = sampleEvent(1);
    const event = await openLedger(dir, { source: SOURCE, clock, actors: undefined }).append({ ...noTime, tenant: 'platform', actor: { id: 'svc:ci' } });
    expect(event.time).toBe('2027-03-01T12:00:00.000Z');
    expect(event.source).toEqual(SOURCE);
  });

  it('writes a signed checkpoint every N events and after every tenant exit', async () => {
    const dir = temp();
    const ledger = testLedger(dir, { checkpointInterval: 5 });
    await ledger.appendBatch(Array.from({ length: 12 }, (_, i) => sampleEvent(i)));
    await ledger.append(sampleEvent(12, { type: 'tenant.exited' }));
    const stored = storedEvents(dir);
    const checkpoints = stored.filter((e) => e.type === 'ledger.checkpoint');
    expect(checkpoints.map((c) => [c.seq, c.details?.reason])).toEqual([
      [4, 'interval'],
      [9, 'interval'],
      [14, 'interval'],
      [16, 'tenant-exit'],
    ]);
    // The exit checkpoint seals the exit event itself, and carries the tenant.
    const exit = checkpoints[3]!;
    expect(exit.tenant).toBe('triage-assist');
    expect(exit.details?.sealedSeq).toBe(15);
    expect(stored[15]!.type).toBe('tenant.exited');

    // Each signature verifies with the published key over the documented message.
    const publicKey = createPublicKey(readFileSync(path.join(dir, 'ledger.pub')));
    for (const c of checkpoints) {
      const message = canonicalize({ hash: c.prev, purpose: 'sandbox-ledger-checkpoint/v1', seq: c.seq - 1 })!;
      expect(verifySignature(null, Buffer.from(message), publicKey, Buffer.from(String(c.details?.signature), 'base64'))).toBe(true);
      expect(c.actor.id).toBe('svc:ledger');
    }
  });

  it('appends a checkpoint on demand, and refuses one on an empty ledger', async () => {
    const dir = temp();
    const ledger = testLedger(dir);
    await expect(ledger.checkpoint()).rejects.toThrow(/is empty: nothing to checkpoint/);
    await ledger.append(sampleEvent(1));
    const checkpoint = await ledger.checkpoint({ reason: 'tenant-exit', tenant: 'diabetes-risk' });
    expect(checkpoint).toMatchObject({ seq: 1, type: 'ledger.checkpoint', tenant: 'diabetes-risk', details: { reason: 'tenant-exit', sealedSeq: 0 } });
  });

  it('keeps the private key at mode 0600 and publishes the public key beside the ledger', async () => {
    const dir = temp();
    await testLedger(dir).append(sampleEvent(1));
    expect(statSync(path.join(dir, 'ledger.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, 'ledger.pub'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('takes the private key from SANDBOX_LEDGER_KEY when set', async () => {
    const dir = temp();
    const keyFile = path.join(temp('keys'), 'ledger.key');
    process.env[LEDGER_KEY_ENV] = keyFile;
    await testLedger(dir).append(sampleEvent(1));
    expect(existsSync(keyFile)).toBe(true);
    expect(existsSync(path.join(dir, 'ledger.key'))).toBe(false);
    expect((await verifyLedger(dir)).ok).toBe(true);
  });

  it('refuses a private key others can read, and a ledger whose key went missing', async () => {
    const dir = temp();
    await testLedger(dir).append(sampleEvent(1));
    chmodSync(path.join(dir, 'ledger.key'), 0o644);
    await expect(testLedger(dir).append(sampleEvent(2))).rejects.toThrow(/ledger\.key is readable by others \(mode 644\); run: chmod 600/);
    rmSync(path.join(dir, 'ledger.key'));
    const error = await testLedger(dir).append(sampleEvent(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerStateError);
    expect(String(error)).toMatch(/already holds events but its private key .* is missing/);
  });

  it('defaults to $SANDBOX_LEDGER_DIR, else .sandbox/ledger in the project', () => {
    expect(resolveLedgerDir()).toBe(path.resolve(import.meta.dirname, '../../.sandbox/ledger'));
    process.env[LEDGER_DIR_ENV] = '/var/lib/sandbox-ledger';
    expect(resolveLedgerDir()).toBe('/var/lib/sandbox-ledger');
    expect(resolveLedgerDir('/elsewhere')).toBe('/elsewhere');
  });
});

describe('sealing', () => {
  it('closes the segment with a checkpoint, makes it read-only, and starts a new segment', async () => {
    const dir = temp();
    const ledger = testLedger(dir);
    await ledger.appendBatch([sampleEvent(0), sampleEvent(1), sampleEvent(2)]);
    const sealed = await ledger.seal();
    const [first] = segmentFiles(dir);
    expect(sealed).toMatchObject({ alreadySealed: false, segment: first, firstSeq: 0, lastSeq: 3 });
    expect(sealed.sha256).toBe(createHash('sha256').update(readFileSync(first!)).digest('hex'));
    expect(sealed.bytes).toBe(statSync(first!).size);
    expect(statSync(first!).mode & 0o222).toBe(0);
    expect(JSON.parse(readLines(first!).at(-1)!)).toMatchObject({ seq: 3, type: 'ledger.checkpoint', details: { reason: 'seal', sealedSeq: 2 } });

    // Sealing again without new events changes nothing.
    expect(await sealLedger(dir, { source: SOURCE })).toMatchObject({ alreadySealed: true, segment: first, lastSeq: 3, sha256: sealed.sha256 });

    const next = await ledger.append(sampleEvent(4));
    expect(next.seq).toBe(4);
    expect(segmentFiles(dir).map((f) => path.basename(f))).toEqual(['000000000000.jsonl', '000000000004.jsonl']);
    expect((await verifyLedger(dir)).ok).toBe(true);
    await expect(testLedger(temp()).seal()).rejects.toThrow(/is empty: nothing to seal/);
  });
});
