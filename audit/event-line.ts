import canonicalize from 'canonicalize';
import { canonicalJson } from './canonical-json.ts';
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
  // The fast check accepts what the writer writes for nearly every event; anything else gets the
  // full schema and the reference canonicalization.
  const wellFormed = isWellFormedLedgerLine(parsed);
  if (!wellFormed) {
    const valid = validateEvent(parsed);
    const seq = typeof (parsed as { seq?: unknown } | null)?.seq === 'number' ? (parsed as { seq: number }).seq : undefined;
    if (!valid.ok) return { ok: false, problem: 'schema', message: valid.issues.join('; '), ...(seq === undefined ? {} : { seq }) };
  }
  const event = parsed as LedgerEvent;
  // JSON.stringify of the parsed line is its canonical form only when the keys were already in
  // order and no string escapes a surrogate (or a backslash before "ud"); V8 also lists integer-like
  // keys first. Where the shortcut cannot vouch for the line, the reference implementation decides.
  const fast = wellFormed && !line.includes('\\ud') && JSON.stringify(event) === line;
  if (!fast && !isCanonicalLine(event, line)) return notCanonical(event.seq);
  const computed = hashOfBody(buffer, start, end);
  if (computed !== event.hash) {
    return { ok: false, problem: 'hash', seq: event.seq, message: `the event's content does not match its hash (stored ${event.hash}, computed ${computed})` };
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

/** The line is exactly the RFC 8785 text of the event without `hash`, with `hash` appended last. */
function isCanonicalLine(event: LedgerEvent, line: string): boolean {
  const { hash, ...body } = event;
  let canonical: string | undefined;
  try {
    canonical = canonicalize(body);
  } catch {
    return false;
  }
  return canonical !== undefined && line === `${canonical.slice(0, -1)},"hash":"${hash}"}`;
}
