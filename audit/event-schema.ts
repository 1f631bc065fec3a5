import { z } from 'zod';
import { inCanonicalOrder } from './canonical-json.ts';
import { EVENT_TYPES, OUTCOMES, type LedgerEvent, type NewEvent } from './event.ts';

/**
 * The event's shape as zod schemas: one for a complete event (what verify reads back) and one for
 * what a room hands to append. Objects are strict so that a misspelt field is an error, not a
 * silently hashed extra.
 */

const HEX64 = /^[0-9a-f]{64}$/;
const hex64 = z.string().regex(HEX64, { error: 'must be 64 lowercase hex digits (a SHA-256)' });
const text = (max: number) => z.string().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });

/** Same rule as a plan's metadata.id, so that every tenant id and `platform` fit. */
export const TENANT_PATTERN = /^[a-z][a-z0-9-]{2,30}$/;

/**
 * The flat sub-objects, as data: both the zod schema and verify's fast check (below) are built
 * from these tables, so the two cannot drift apart. Keys are listed in canonical (sorted) order:
 * zod builds its output in this order, which keeps the writer on canonicalJson's fast path.
 */
type FieldRule = { readonly kind: 'text'; readonly max: number } | { readonly kind: 'hex64' };
interface Field {
  readonly rule: FieldRule;
  readonly required?: boolean;
  readonly nullable?: boolean;
}
type FlatShape = Readonly<Record<string, Field>>;

const t = (max: number, extra: Omit<Field, 'rule'> = {}): Field => ({ rule: { kind: 'text', max }, ...extra });
const h = (extra: Omit<Field, 'rule'> = {}): Field => ({ rule: { kind: 'hex64' }, ...extra });

const ACTOR: FlatShape = { accessPoint: t(200), id: t(100, { required: true }), onBehalfOf: t(100), role: t(50) };
const SOURCE: FlatShape = { system: t(100, { required: true }), version: t(50, { required: true }) };
const OBJECT: FlatShape = { classification: t(50), id: t(300, { required: true }), kind: t(50, { required: true }), sha256: h() };
const AUTHORISATION: FlatShape = { exportRequest: t(100, { nullable: true }), plan: t(100) };
const AI: FlatShape = { datasetSha256: h(), modelDigest: t(200), outputsSha256: h(), verifiedBy: t(100, { nullable: true }) };
const MAX_OBJECTS = 100;

function zodFlat(shape: FlatShape) {
  const fields: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) {
    let schema: z.ZodType = field.rule.kind === 'hex64' ? hex64 : text(field.rule.max);
    if (field.nullable) schema = schema.nullable();
    fields[key] = field.required ? schema : schema.optional();
  }
  return z.strictObject(fields);
}

const sourceSchema = zodFlat(SOURCE);

const eventShape = {
  seq: z.number().int().nonnegative(),
  time: z.iso.datetime({ error: 'must be an RFC 3339 time in UTC, e.g. 2027-01-04T09:12:33.120Z' }),
  tenant: z.string().regex(TENANT_PATTERN, { error: `must be a tenant id (${TENANT_PATTERN.source}) or "platform"` }),
  type: z.enum(EVENT_TYPES, { error: (issue) => `unknown event type ${JSON.stringify(issue.input)}; known types: ${EVENT_TYPES.join(', ')}` }),
  outcome: z.enum(OUTCOMES, { error: (issue) => `unknown outcome ${JSON.stringify(issue.input)}; one of: ${OUTCOMES.join(', ')}` }),
  actor: zodFlat(ACTOR),
  source: sourceSchema,
  objects: z.array(zodFlat(OBJECT)).max(MAX_OBJECTS).optional(),
  authorisation: zodFlat(AUTHORISATION).optional(),
  ai: zodFlat(AI).optional(),
  details: z.record(z.string(), z.json({ error: 'must be plain JSON (strings, finite numbers, booleans, null, arrays, objects)' })).optional(),
  prev: hex64,
  hash: hex64,
};

export const eventSchema = z.strictObject(eventShape);

export const newEventSchema = eventSchema
  .omit({ seq: true, prev: true, hash: true })
  .extend({ time: eventShape.time.optional(), source: sourceSchema.optional() });

/** Details are for a few type-specific facts; anything bigger belongs in an object with a hash. */
export const MAX_DETAILS_BYTES = 16 * 1024;

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly string[] };

export function validateNewEvent(input: unknown): Validation<NewEvent> {
  const parsed = newEventSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error.issues, input) };
  // RFC 8785 cannot represent a lone UTF-16 surrogate, so such an event could never be hashed.
  const badText = loneSurrogateAt(parsed.data);
  if (badText) return { ok: false, issues: [`${badText}: holds a lone UTF-16 surrogate, which canonical JSON (RFC 8785) cannot represent`] };
  const details = parsed.data.details;
  if (details !== undefined) {
    const size = Buffer.byteLength(JSON.stringify(details));
    if (size > MAX_DETAILS_BYTES) {
      return { ok: false, issues: [`details: is ${size} bytes; at most ${MAX_DETAILS_BYTES} (put large content in an object with a sha256)`] };
    }
  }
  return { ok: true, value: parsed.data as unknown as NewEvent };
}

/** String.prototype.isWellFormed is in Node 20; its type is in the ES2024 lib, which tsconfig does not include. */
type MaybeWellFormed = string & { isWellFormed(): boolean };

/**
 * The path of the first string (key or value) holding a lone surrogate, or null. It runs on every
 * append, so it allocates nothing until it finds one and asks the engine rather than a regex.
 */
function loneSurrogateAt(value: unknown): string | null {
  const at = loneSurrogatePath(value);
  return at && (at.join('.') || '(event)');
}

function loneSurrogatePath(value: unknown): string[] | null {
  if (typeof value === 'string') return (value as MaybeWellFormed).isWellFormed() ? null : [];
  if (typeof value !== 'object' || value === null) return null;
  for (const key in value) {
    if (!(key as MaybeWellFormed).isWellFormed()) return [key];
    const found = loneSurrogatePath((value as Record<string, unknown>)[key]);
    if (found) return [key, ...found];
  }
  return null;
}

export function validateEvent(input: unknown): Validation<LedgerEvent> {
  const parsed = eventSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: describeIssues(parsed.error.issues, input) };
  return { ok: true, value: parsed.data as unknown as LedgerEvent };
}

/** zod issues in plain words: `actor.id: is required`, `type: unknown event type "x"; …`. */
function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${[...path, key].join('.')}: is not a known field`).join('; ');
    }
    const where = path.length > 0 ? path.join('.') : '(event)';
    return `${where}: ${valueAt(input, issue.path) === undefined ? 'is required' : issue.message}`;
  });
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * Verify's hot loop: a hand-written check that accepts only a subset of what eventSchema accepts
 * (a property test holds it to that), namely events written the way the ledger writes them: keys
 * in canonical order with `hash` last, times as Date#toISOString renders them. It costs a tenth of
 * the zod parse; anything it does not accept goes through eventSchema, which has the final word
 * and the error message.
 */
export function isWellFormedLedgerLine(event: unknown): event is LedgerEvent {
  if (!isPlainObject(event)) return false;
  let previous = '';
  let required = 0;
  for (const key in event) {
    const value = (event as Record<string, unknown>)[key];
    if (key === 'hash') {
      if (typeof value !== 'string' || !HEX64.test(value)) return false;
      required++;
      break;
    }
    if (!(previous < key)) return false;
    previous = key;
    switch (key) {
      case 'actor':
        if (!flatOk(value, ACTOR)) return false;
        required++;
        break;
      case 'ai':
        if (!flatOk(value, AI)) return false;
        break;
      case 'authorisation':
        if (!flatOk(value, AUTHORISATION)) return false;
        break;
      case 'details':
        if (!isPlainObject(value) || !inCanonicalOrder(value)) return false;
        break;
      case 'objects':
        if (!Array.isArray(value) || value.length > MAX_OBJECTS) return false;
        // An index loop, not every(): every() skips the holes of a sparse array.
        for (let i = 0; i < value.length; i++) if (!flatOk(value[i], OBJECT)) return false;
        break;
      case 'outcome':
        if (!OUTCOME_SET.has(value as string)) return false;
        required++;
        break;
      case 'prev':
        if (typeof value !== 'string' || !HEX64.test(value)) return false;
        required++;
        break;
      case 'seq':
        if (!Number.isSafeInteger(value) || (value as number) < 0) return false;
        required++;
        break;
      case 'source':
        if (!flatOk(value, SOURCE)) return false;
        required++;
        break;
      case 'tenant':
        if (typeof value !== 'string' || !TENANT_PATTERN.test(value)) return false;
        required++;
        break;
      case 'time':
        if (typeof value !== 'string' || !isIsoString(value)) return false;
        required++;
        break;
      case 'type':
        if (!TYPE_SET.has(value as string)) return false;
        required++;
        break;
      default:
        return false;
    }
  }
  // All nine required fields seen, and nothing after `hash` (the loop stopped there).
  return required === 9 && lastKeyIsHash(event);
}

const TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);
const OUTCOME_SET: ReadonlySet<string> = new Set(OUTCOMES);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function flatOk(value: unknown, shape: FlatShape): boolean {
  if (!isPlainObject(value)) return false;
  let previous = '';
  let required = 0;
  for (const key in value) {
    if (!(previous < key)) return false;
    previous = key;
    const field = shape[key];
    if (!field || !Object.hasOwn(shape, key)) return false;
    const v = value[key];
    if (v === null) {
      if (!field.nullable) return false;
    } else if (typeof v !== 'string') {
      return false;
    } else if (field.rule.kind === 'hex64' ? !HEX64.test(v) : v.length === 0 || v.length > field.rule.max) {
      return false;
    }
    if (field.required) required++;
  }
  return required === requiredCount(shape);
}

const requiredCounts = new WeakMap<FlatShape, number>();
function requiredCount(shape: FlatShape): number {
  let count = requiredCounts.get(shape);
  if (count === undefined) {
    count = Object.values(shape).filter((f) => f.required).length;
    requiredCounts.set(shape, count);
  }
  return count;
}

/**
 * Exactly the form Date#toISOString renders for years 0..9999 (YYYY-MM-DDTHH:MM:SS.mmmZ) with a
 * real calendar date, checked digit by digit: a tenth of the cost of a Date round trip.
 */
function isIsoString(value: string): boolean {
  if (
    value.length !== 24 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 || // -
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 || // :
    value.charCodeAt(19) !== 46 || // .
    value.charCodeAt(23) !== 90 // Z
  ) {
    return false;
  }
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (digits(value, 20, 23) < 0 || year < 0 || month < 1 || month > 12 || day < 1) return false;
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The decimal number in value[from, to), or -1 if any of it is not a digit. */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function lastKeyIsHash(event: Record<string, unknown>): boolean {
  let last = '';
  for (const key in event) last = key;
  return last === 'hash';
}
