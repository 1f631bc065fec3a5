import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { LedgerAccessError } from './errors.ts';
import type { LedgerEvent } from './event.ts';
import { listSegments } from './layout.ts';
import { scanLines } from './line-scanner.ts';

/**
 * Queries the ledger by tenant, type and time, a page at a time, fast enough for the supervisor
 * UI to page through hundreds of thousands of one tenant's events. Each process keeps a read-only
 * in-memory index per segment (byte offset, length, tenant, type, time of every line), built once
 * and then extended by the bytes appended since; a page then costs a scan of a few typed arrays
 * and one read per event shown. Nothing is written, so queries work on a read-only copy, and the
 * index is a cache only: verify never looks at it.
 */

export interface QueryOptions {
  readonly tenant?: string;
  readonly type?: string;
  /** Any of these types (with `type`: both must hold). */
  readonly types?: readonly string[];
  /** None of these types: the supervisor UI leaves out its own reads (`ledger.accessed`). */
  readonly excludeTypes?: readonly string[];
  /** Inclusive bounds, ISO 8601 (a date or a time). */
  readonly since?: string;
  readonly until?: string;
  /** Matches to skip, in the chosen order. */
  readonly offset?: number;
  /** Page size (default 100). */
  readonly limit?: number;
  /** Newest first. */
  readonly reverse?: boolean;
}

export interface QueryResult {
  readonly events: LedgerEvent[];
  /** All matches, not just this page. */
  readonly total: number;
}

export const DEFAULT_PAGE_SIZE = 100;

export async function queryEvents(dir: string, options: QueryOptions = {}): Promise<QueryResult> {
  const since = options.since === undefined ? -Infinity : parseBound(options.since, 'since');
  const until = options.until === undefined ? Infinity : parseBound(options.until, 'until');
  const offset = options.offset ?? 0;
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number >= 0, got ${offset}`);
  if (!(Number.isInteger(limit) || limit === Infinity) || limit < 0) throw new RangeError(`limit must be a whole number >= 0, got ${limit}`);

  const index = await refreshIndex(path.resolve(dir));
  const tenant = options.tenant === undefined ? -1 : (index.tenants.codes.get(options.tenant) ?? -2);
  const wanted = typeMask(index.types, options);
  if (tenant === -2 || !wanted) return { events: [], total: 0 };

  const picked: { segment: SegmentIndex; at: number }[] = [];
  let total = 0;
  const segments = options.reverse ? [...index.segments].reverse() : index.segments;
  for (const segment of segments) {
    const { tenants, types, times } = segment.columns;
    const n = segment.count;
    for (let k = 0; k < n; k++) {
      const i = options.reverse ? n - 1 - k : k;
      if ((tenant !== -1 && tenants[i] !== tenant) || (wanted !== ALL_TYPES && wanted[types[i]!] === 0)) continue;
      const t = times[i]!;
      if (t < since || t > until) continue;
      if (total >= offset && total - offset < limit) picked.push({ segment, at: i });
      total++;
    }
  }
  return { events: await readEvents(picked), total };
}

const ALL_TYPES = 'all';

/**
 * The type codes a query keeps, one byte per code (types are interned to at most 255 codes), or
 * ALL_TYPES when it keeps every type; undefined when it can keep none.
 */
function typeMask(types: Interned, options: QueryOptions): Uint8Array | typeof ALL_TYPES | undefined {
  const included = [...(options.type === undefined ? [] : [[options.type]]), ...(options.types === undefined ? [] : [options.types])];
  if (included.length === 0 && (options.excludeTypes ?? []).length === 0) return ALL_TYPES;
  const mask = new Uint8Array(256).fill(1);
  for (const list of included) {
    const codes = new Set(list.map((t) => types.codes.get(t)));
    for (let code = 0; code < mask.length; code++) if (!codes.has(code)) mask[code] = 0;
  }
  for (const t of options.excludeTypes ?? []) {
    const code = types.codes.get(t);
    if (code !== undefined) mask[code] = 0;
  }
  return mask.includes(1) ? mask : undefined;
}

function parseBound(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${name}: "${value}" is not an ISO 8601 date or time`);
  return ms;
}

async function readEvents(picked: readonly { segment: SegmentIndex; at: number }[]): Promise<LedgerEvent[]> {
  const events: LedgerEvent[] = [];
  let current: { file: string; handle: Awaited<ReturnType<typeof open>> } | undefined;
  try {
    for (const { segment, at } of picked) {
      if (current?.file !== segment.file) {
        await current?.handle.close();
        current = { file: segment.file, handle: await open(segment.file, 'r') };
      }
      const buffer = Buffer.allocUnsafe(segment.columns.lengths[at]!);
      await current.handle.read(buffer, 0, buffer.length, segment.columns.offsets[at]!);
      events.push(JSON.parse(buffer.toString('utf8')) as LedgerEvent);
    }
  } finally {
    await current?.handle.close();
  }
  return events;
}

/** Growable typed columns: 23 bytes per event. */
class Columns {
  offsets = new Float64Array(1024);
  lengths = new Uint32Array(1024);
  tenants = new Uint16Array(1024);
  types = new Uint8Array(1024);
  times = new Float64Array(1024);

  ensure(capacity: number): void {
    if (capacity <= this.offsets.length) return;
    const size = Math.max(capacity, this.offsets.length * 2);
    const grow = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.offsets = grow(this.offsets, (n) => new Float64Array(n));
    this.lengths = grow(this.lengths, (n) => new Uint32Array(n));
    this.tenants = grow(this.tenants, (n) => new Uint16Array(n));
    this.types = grow(this.types, (n) => new Uint8Array(n));
    this.times = grow(this.times, (n) => new Float64Array(n));
  }
}

class Interned {
  readonly codes = new Map<string, number>();
  readonly #max: number;
  constructor(max: number) {
    this.#max = max;
  }
  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      if (this.codes.size >= this.#max) throw new RangeError(`the query index holds at most ${this.#max} distinct values`);
      code = this.codes.size;
      this.codes.set(value, code);
    }
    return code;
  }
}

interface SegmentIndex {
  readonly file: string;
  readonly ino: number;
  /** Bytes indexed: up to the end of the last complete line. */
  indexedBytes: number;
  seenSize: number;
  seenMtimeMs: number;
  count: number;
  readonly columns: Columns;
}

interface LedgerIndex {
  segments: SegmentIndex[];
  readonly tenants: Interned;
  readonly types: Interned;
}

const indexes = new Map<string, LedgerIndex>();

/**
 * One refresh at a time per ledger: two concurrent queries that both noticed the same new bytes
 * would otherwise both extend the index and list those events twice.
 */
const refreshing = new Map<string, Promise<LedgerIndex>>();

function refreshIndex(dir: string): Promise<LedgerIndex> {
  const previous = refreshing.get(dir);
  const next = previous ? previous.then(() => refreshIndexNow(dir), () => refreshIndexNow(dir)) : refreshIndexNow(dir);
  refreshing.set(dir, next);
  const settle = () => {
    if (refreshing.get(dir) === next) refreshing.delete(dir);
  };
  next.then(settle, settle);
  return next;
}

async function refreshIndexNow(dir: string): Promise<LedgerIndex> {
  try {
    await stat(dir);
  } catch {
    throw new LedgerAccessError(`ledger directory ${dir} cannot be read`);
  }
  let index = indexes.get(dir);
  if (!index) {
    index = { segments: [], tenants: new Interned(0xffff), types: new Interned(0xff) };
    indexes.set(dir, index);
  }
  const known = new Map(index.segments.map((s) => [s.file, s]));
  const next: SegmentIndex[] = [];
  for (const { path: file } of (await listSegments(dir)).segments) {
    const st = await stat(file);
    let segment = known.get(file);
    if (!segment || segment.ino !== st.ino || st.size < segment.indexedBytes || (st.size === segment.seenSize && st.mtimeMs !== segment.seenMtimeMs)) {
      segment = { file, ino: st.ino, indexedBytes: 0, seenSize: -1, seenMtimeMs: 0, count: 0, columns: new Columns() };
    }
    if (st.size !== segment.seenSize || st.mtimeMs !== segment.seenMtimeMs) await extend(segment, st.size, index);
    segment.seenSize = st.size;
    segment.seenMtimeMs = st.mtimeMs;
    next.push(segment);
  }
  index.segments = next;
  return index;
}

/**
 * Our writer puts tenant, time and type last (canonical key order) with the hash appended, so
 * the tail of a line names them; any other line is parsed whole.
 */
const TAIL = /"tenant":"([^"\\]*)","time":"([^"\\]*)","type":"([^"\\]*)","hash":"[0-9a-f]{64}"\}$/;

async function extend(segment: SegmentIndex, size: number, index: LedgerIndex): Promise<void> {
  const scan = await scanLines(segment.file, { start: segment.indexedBytes, end: size }, (buffer, start, end, offset) => {
    const fields = tailFields(buffer, start, end);
    if (!fields) return;
    const time = Date.parse(fields.time);
    const i = segment.count;
    segment.columns.ensure(i + 1);
    const columns = segment.columns;
    columns.offsets[i] = offset;
    columns.lengths[i] = end - start;
    columns.tenants[i] = index.tenants.code(fields.tenant);
    columns.types[i] = index.types.code(fields.type);
    columns.times[i] = Number.isNaN(time) ? -Infinity : time;
    segment.count++;
  });
  segment.indexedBytes = scan.tornOffset;
}

function tailFields(buffer: Buffer, start: number, end: number): { tenant: string; time: string; type: string } | undefined {
  const match = TAIL.exec(buffer.toString('latin1', Math.max(start, end - 256), end));
  if (match) return { tenant: match[1]!, time: match[2]!, type: match[3]! };
  try {
    const event = JSON.parse(buffer.toString('utf8', start, end)) as Partial<LedgerEvent>;
    if (typeof event.tenant === 'string' && typeof event.time === 'string' && typeof event.type === 'string') {
      return { tenant: event.tenant, time: event.time, type: event.type };
    }
  } catch {
    // Not an event: verify reports it; a query just does not show it.
  }
  return undefined;
}
