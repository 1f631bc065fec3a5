import { existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, LedgerEventError, OUTCOMES, type LedgerEvent, type NewEvent } from '../../audit/index.ts';
import { eventSchema, isWellFormedLedgerLine } from '../../audit/event-schema.ts';
import { checkEventLine, hashEvent } from '../../audit/event-line.ts';
import { sampleEvent, tempDirs, testLedger } from './helpers.ts';

const temp = tempDirs();

async function rejection(event: unknown): Promise<LedgerEventError> {
  const dir = temp();
  const error: unknown = await testLedger(dir)
    .append(event as NewEvent)
    .then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(LedgerEventError);
  // Nothing half-written: a rejected event never reaches the disk.
  expect(existsSync(path.join(dir, 'segments'))).toBe(false);
  return error as LedgerEventError;
}

describe('event validation on append', () => {
  it('names every missing required field', async () => {
    const error = await rejection({ details: {} });
    expect(error.issues).toEqual(expect.arrayContaining(['tenant: is required', 'type: is required', 'outcome: is required', 'actor: is required']));
  });

  it('rejects an unknown type and lists the known ones', async () => {
    const error = await rejection(sampleEvent(1, { type: 'tenant.admittd' as NewEvent['type'] }));
    expect(error.issues.join('\n')).toMatch(/^type: unknown event type "tenant.admittd"; known types: tenant.admitted, /m);
  });

  it('rejects a time that is not RFC 3339 UTC', async () => {
    for (const time of ['2027-01-04T10:12:33+01:00', '4 January 2027', '2027-02-30T00:00:00Z']) {
      const error = await rejection(sampleEvent(1, { time }));
      expect(error.issues).toContain('time: must be an RFC 3339 time in UTC, e.g. 2027-01-04T09:12:33.120Z');
    }
  });

  it('rejects an unknown outcome', async () => {
    const error = await rejection(sampleEvent(1, { outcome: 'ok' as NewEvent['outcome'] }));
    expect(error.issues).toContain('outcome: unknown outcome "ok"; one of: success, failure, denied');
  });

  it('rejects an actor who is not a person of the plan nor a service identity', async () => {
    const error = await rejection(sampleEvent(1, { tenant: 'diabetes-risk', actor: { id: 'u-500' } }));
    expect(error.issues).toEqual([
      'actor.id: actor "u-500" is neither a person of tenant "diabetes-risk"\'s plan (u-100, u-300) nor a service identity (svc:sandbox-cli, svc:ci, svc:supervisor-ui, svc:ledger)',
    ]);
  });

  it('rejects an "on behalf of" who is not a person of the plan', async () => {
    const error = await rejection(sampleEvent(1, { tenant: 'diabetes-risk', actor: { id: 'u-100', onBehalfOf: 'nobody-at-all' } }));
    expect(error.issues).toEqual([
      'actor.onBehalfOf: "nobody-at-all" is neither a person of tenant "diabetes-risk"\'s plan (u-100, u-300) nor a service identity (svc:sandbox-cli, svc:ci, svc:supervisor-ui, svc:ledger)',
    ]);
  });

  it('takes only service identities for platform events', async () => {
    const error = await rejection(sampleEvent(1, { tenant: 'platform', actor: { id: 'u-100' } }));
    expect(error.issues[0]).toMatch(/^actor\.id: platform events are recorded for a service identity/);
  });

  it('rejects a misspelt field instead of hashing it', async () => {
    const error = await rejection({ ...sampleEvent(1), detail: { a: 1 } });
    expect(error.issues).toContain('detail: is not a known field');
  });

  it('rejects oversized details and checkpoints forged by callers', async () => {
    const big = await rejection(sampleEvent(1, { details: { blob: 'x'.repeat(20_000) } }));
    expect(big.issues[0]).toMatch(/^details: is 2\d{4} bytes; at most 16384/);
    const forged = await rejection(sampleEvent(1, { type: 'ledger.checkpoint' }));
    expect(forged.issues).toContain('type: ledger.checkpoint events are written by the ledger itself (call checkpoint())');
  });

  it('names the event in a batch and writes none of it', async () => {
    const dir = temp();
    const error: unknown = await testLedger(dir)
      .appendBatch([sampleEvent(1), sampleEvent(2, { outcome: 'maybe' as NewEvent['outcome'] })])
      .catch((e: unknown) => e);
    expect((error as LedgerEventError).issues).toEqual(['event 1: outcome: unknown outcome "maybe"; one of: success, failure, denied']);
    expect(existsSync(path.join(dir, 'segments'))).toBe(false);
  });
});

/** Events as the writer stores them, with every optional part sometimes present. */
const text = (max: number) => fc.string({ minLength: 1, maxLength: max });
const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const storedEvent = fc
  .record(
    {
      actor: fc.record({ accessPoint: text(200), id: text(100), onBehalfOf: text(100), role: text(50) }, { requiredKeys: ['id'] }),
      ai: fc.record({ datasetSha256: hex, modelDigest: text(200), outputsSha256: hex, verifiedBy: fc.option(text(100), { nil: null }) }, { requiredKeys: [] }),
      authorisation: fc.record({ exportRequest: fc.option(text(100), { nil: null }), plan: text(100) }, { requiredKeys: [] }),
      // Keys starting with a digit cannot keep canonical order in a JS object: those lines take
      // the full schema path (correct, only slower), so they are left out here.
      details: fc.dictionary(fc.string(), fc.jsonValue()).filter((d) => !/[{,]"(\d|__proto__")/.test(JSON.stringify(d))),
      objects: fc.array(fc.record({ classification: text(50), id: text(300), kind: text(50), sha256: hex }, { requiredKeys: ['id', 'kind'] }), { maxLength: 3 }),
      outcome: fc.constantFrom(...OUTCOMES),
      prev: hex,
      seq: fc.nat(),
      source: fc.record({ system: text(100), version: text(50) }),
      tenant: fc.stringMatching(/^[a-z][a-z0-9-]{2,30}$/),
      time: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      type: fc.constantFrom(...EVENT_TYPES),
    },
    { requiredKeys: ['actor', 'outcome', 'prev', 'seq', 'source', 'tenant', 'time', 'type'] },
  )
  // fast-check's JSON type is wider than ours only in its array typing.
  .map((unhashed) => JSON.parse(hashEvent(unhashed as Omit<LedgerEvent, 'hash'>).line) as unknown);

/** One structural change to an event: a value replaced, a key added or removed, at any depth. */
function mutate(event: unknown, path: readonly string[], replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone(event) as Record<string, unknown>;
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null) return copy;
    target = next as Record<string, unknown>;
  }
  const last = path.at(-1)!;
  if (remove) delete target[last];
  else target[last] = replacement;
  return copy;
}

describe("verify's fast event check", () => {
  it('accepts what the writer stores', () => {
    fc.assert(fc.property(storedEvent, (event) => isWellFormedLedgerLine(event)), { numRuns: 500 });
  });

  it('never accepts an event the zod schema rejects', () => {
    const paths = fc.constantFrom(
      ...[
        ['seq'], ['time'], ['time'], ['time'], ['tenant'], ['type'], ['outcome'], ['prev'], ['hash'], ['details'], ['extra'],
        ['actor'], ['actor', 'id'], ['actor', 'role'], ['actor', 'extra'], ['source'], ['source', 'version'],
        ['objects'], ['objects', '0'], ['objects', '0', 'sha256'], ['objects', '0', 'kind'],
        ['ai', 'verifiedBy'], ['ai', 'datasetSha256'], ['authorisation', 'exportRequest'], ['authorisation', 'plan'],
        ['details', 'x'],
      ],
    );
    // Times digit by digit, valid or not: month 13, 31 April, 29 February of a common year, hour 24.
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const timeLike = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom('.000Z', '.5Z', 'Z', '.123+01:00', '.999Z'))
      .map(([y, mo, d, h, mi, s, tail]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${tail}`);
    const replacement = fc.oneof(
      fc.jsonValue(),
      timeLike,
      fc.constantFrom(undefined, Number.NaN, Infinity, '', 'x'.repeat(301), -1, 1.5, 2 ** 60, '2027-02-30T00:00:00.000Z', '2100-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z'),
    );
    fc.assert(
      fc.property(storedEvent, paths, replacement, fc.boolean(), (event, where, value, remove) => {
        const changed = mutate(event, where, value, remove);
        if (isWellFormedLedgerLine(changed)) expect(eventSchema.safeParse(changed).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("verify's line check", () => {
  const line = (details: Record<string, unknown>) =>
    hashEvent({ ...(sampleEvent(1) as Omit<LedgerEvent, 'hash' | 'seq' | 'prev' | 'source'>), seq: 0, prev: '0'.repeat(64), source: { system: 'sandbox', version: '1.0.0' }, details } as Omit<LedgerEvent, 'hash'>).line;

  it('accepts every line the writer stores, whatever the details hold', () => {
    // Digit keys that V8 reorders, backslashes before "ud", surrogate pairs, deep values: the
    // writer's canonical text must always verify, or one honest event would fail verify forever.
    const key = fc.oneof(fc.string({ unit: 'grapheme' }), fc.stringMatching(/^\d{1,3}[a-z]?$/), fc.constantFrom('__proto__', 'C:\\udo', '😀'));
    const value = fc.oneof(fc.jsonValue({ stringUnit: 'grapheme' }), fc.constantFrom('C:\\users\\udo', '\ud83d\ude00', 'a\\ud800b'));
    fc.assert(
      fc.property(fc.dictionary(key, value), (details) => {
        const text = line(details);
        const checked = checkEventLine(Buffer.from(text), 0, Buffer.byteLength(text));
        expect(checked).toMatchObject({ ok: true });
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses on append a lone surrogate, which canonical JSON cannot represent', async () => {
    const error = await rejection(sampleEvent(1, { details: { note: 'x\ud800' } }));
    expect(error.issues).toEqual(['details.note: holds a lone UTF-16 surrogate, which canonical JSON (RFC 8785) cannot represent']);
  });

  it('refuses a line whose keys are out of canonical order', () => {
    const text = line({ '1a': 'x', '2': 'y' }).replace('"1a":"x","2":"y"', '"2":"y","1a":"x"');
    expect(checkEventLine(Buffer.from(text), 0, Buffer.byteLength(text))).toMatchObject({ ok: false, problem: 'format' });
  });
});
