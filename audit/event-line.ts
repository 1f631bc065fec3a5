import { canonicalJson, inCanonicalOrder } from './canonical-json.ts';
import { sha256 } from './digest.ts';
import { isWellFormedLedgerLine, validateEvent } from './event-schema.ts';
import type { LedgerEvent } from './event.ts';

/**
 * One event, one line: the RFC 8785 canonical JSON of the event without `hash`, with the `hash`
 * member appended last. A third party recomputes the hash the way the format defines it (parse,
 * drop `hash`, canonicalize, SHA-256); because the stored bytes are exactly that canonical text
 * plus a fixed-length suffix, any changed byte is detected, even one that JSON parsing would
 * forgive (whitespace, escapes, number spellings).
 */

/** `,"hash":"` + 64 hex digits + `"}`. */
const HASH_SUFFIX_LENGTH = 9 + 64 + 2;

export function hashEvent(unhashed: Omit<LedgerEvent, 'hash'>): { event: LedgerEvent; line: string } {
  const body = canonicalJson(unhashed);
  const hash = sha256(body);
  return { event: { ...unhashed, hash }, line: `${body.slice(0, -1)},"hash":"${hash}"}` };
}

export type LineProblem = 'schema' | 'format' | 'hash';

export type LineCheck =
  | { readonly ok: true; readonly event: LedgerEvent }
  | { readonly ok: false; readonly problem: LineProblem; readonly message: string; readonly seq?: number };

/**
 * Checks one stored line on its own: JSON, schema, canonical form, hash. The line is given as
 * bytes of a read buffer (verify's hot loop), which lets the hash be taken from those bytes.
 */
export function checkEventLine(buffer: Buffer, start: number, end: number): LineCheck {
  const line = buffer.toString('utf8', start, end);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return { ok: false, problem: 'schema', message: `not JSON (${(error as Error).message})` };
  }
  // The fast check accepts what the writer writes; anything else gets the full schema and, if it
  // is valid, the general check of key order.
  if (!isWellFormedLedgerLine(parsed)) {
    const valid = validateEvent(parsed);
    const seq = typeof (parsed as { seq?: unknown } | null)?.seq === 'number' ? (parsed as { seq: number }).seq : undefined;
    if (!valid.ok) return { ok: false, problem: 'schema', message: valid.issues.join('; '), ...(seq === undefined ? {} : { seq }) };
    // From here on use `parsed`, not zod's copy: the key order of what was stored is what counts.
    if (!inLineOrder(parsed as LedgerEvent)) return notCanonical((parsed as LedgerEvent).seq);
  }
  const event = parsed as LedgerEvent;
  if (line.includes('\\ud') || JSON.stringify(event) !== line) return notCanonical(event.seq);
  const computed = hashOfBody(buffer, start, end);
  if (computed !== event.hash) {
    return { ok: false, problem: 'hash', seq: event.seq, message: `the event's content does not match its hash (stored ${event.hash.slice(0, 12)}…, computed ${computed.slice(0, 12)}…)` };
  }
  return { ok: true, event };
}

/**
 * SHA-256 of the canonical body: the line's bytes with the hash suffix replaced by the closing
 * brace. The suffix is ASCII, so it is the last HASH_SUFFIX_LENGTH bytes; its first byte (the
 * comma) is swapped for "}" in place for the hash and put back, which spares a copy per line.
 */
function hashOfBody(buffer: Buffer, start: number, end: number): string {
  const comma = end - HASH_SUFFIX_LENGTH;
  const saved = buffer[comma]!;
  buffer[comma] = 0x7d;
  try {
    return sha256(buffer.subarray(start, comma + 1));
  } finally {
    buffer[comma] = saved;
  }
}

function notCanonical(seq: number): LineCheck {
  return { ok: false, problem: 'format', seq, message: 'the line is not the canonical JSON (RFC 8785) of the event with "hash" appended last' };
}

/** Keys sorted at every level, with `hash` as the last top-level key. */
function inLineOrder(event: LedgerEvent): boolean {
  const keys = Object.keys(event);
  const last = keys.length - 1;
  if (keys[last] !== 'hash') return false;
  for (let i = 0; i < last; i++) {
    const key = keys[i]!;
    if (i > 0 && !(keys[i - 1]! < key)) return false;
    if (!inCanonicalOrder((event as unknown as Record<string, unknown>)[key])) return false;
  }
  return true;
}
