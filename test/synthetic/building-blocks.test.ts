import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amsterdamOffset, isoDay, parseIsoDay } from '../../synthetic/calendar.ts';
import { passesElevenTest, pseudonymFor } from '../../synthetic/pseudonym.ts';
import { patientStream } from '../../synthetic/rng.ts';
import { parseShard, shardRange } from '../../synthetic/shard.ts';

describe('pseudonyms', () => {
  it('recognises valid BSNs with the eleven-test', () => {
    expect(passesElevenTest('111222333')).toBe(true);
    expect(passesElevenTest('123456782')).toBe(true);
    expect(passesElevenTest('111222334')).toBe(false);
    expect(passesElevenTest('12345678')).toBe(false);
  });

  it('never produces a number that passes the eleven-test, for any seed, index and spare digit', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.nat({ max: 99_999_999 }), fc.nat({ max: 9 }), (seed, index, spare) => {
        const value = pseudonymFor(seed, index, spare);
        return /^\d{9}$/.test(value) && !passesElevenTest(value);
      }),
      { numRuns: 20_000 },
    );
  });

  it('gives distinct patients of one dataset distinct pseudonyms', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) seen.add(pseudonymFor(7, i, i % 10).slice(0, 8));
    expect(seen.size).toBe(50_000);
  });
});

describe('calendar without a clock', () => {
  it('round-trips ISO dates and follows the EU summer-time rule for Amsterdam', () => {
    for (const d of ['1900-03-01', '2000-02-29', '2024-12-31', '2026-01-01']) expect(isoDay(parseIsoDay(d))).toBe(d);
    expect(parseIsoDay('1970-01-01')).toBe(0);
    expect(amsterdamOffset(parseIsoDay('2025-03-29'))).toBe('+01:00');
    expect(amsterdamOffset(parseIsoDay('2025-03-30'))).toBe('+02:00');
    expect(amsterdamOffset(parseIsoDay('2025-10-25'))).toBe('+02:00');
    expect(amsterdamOffset(parseIsoDay('2025-10-26'))).toBe('+01:00');
  });
});

describe('patient streams', () => {
  it('depend only on (seed, index)', () => {
    const draw = (seed: number, index: number): number[] => {
      const r = patientStream(seed, index);
      return [r.next(), r.next(), r.next()];
    };
    expect(draw(7, 12345)).toEqual(draw(7, 12345));
    expect(draw(7, 12345)).not.toEqual(draw(7, 12346));
    expect(draw(7, 12345)).not.toEqual(draw(8, 12345));
    expect(draw(2 ** 40, 1)).not.toEqual(draw(0, 1));
  });
});

describe('shards', () => {
  it('tile the patient range contiguously and in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 64 }), (patients, count) => {
        let next = 0;
        for (let index = 0; index < count; index++) {
          const { first, end } = shardRange(patients, { index, count });
          if (first !== next || end < first) return false;
          next = end;
        }
        return next === patients;
      }),
    );
  });

  it('parses i/N and rejects what is out of range', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    expect(() => parseShard('5/5')).toThrow(/shard index 5 is out of range: it must be from 0 to 4/);
    expect(() => parseShard('0/0')).toThrow(/shard count must be an integer from 1/);
    expect(() => parseShard('a/b')).toThrow(/expected i\/N/);
  });
});
