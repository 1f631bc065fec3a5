import { queryEvents, type LedgerEvent } from '../../audit/index.ts';

/**
 * Where the `ledger.accessed` events sit among a tenant's events, so the timeline can page through
 * "everything but reads" by position as fast as through one type. The UI appends a read for every
 * page view; shown by default they would bury the events a supervisor came for.
 *
 * queryEvents filters by one type or none, so the positions of the reads inside the unfiltered
 * list (the "base": tenant + time range) are found here through that same door and kept per
 * process. The ledger only grows, so positions never move: a refresh looks only at what was
 * appended since, and usually needs no read at all (counts tell whether the newcomers were all
 * reads, or none). Only the first build for a large ledger reads events: the reads themselves,
 * then a binary search by seq for the start of each run of reads.
 *
 * (A `types`/`excludeType` option in audit/query.ts would make this module unnecessary.)
 */

export const READ_TYPE = 'ledger.accessed';

export interface BaseFilter {
  readonly tenant: string;
  readonly since?: string;
  readonly until?: string;
}

export interface ReadPositions {
  /** Events in the base list. */
  readonly total: number;
  /** Sorted positions (oldest first, from 0) of the reads in the base list. */
  readonly reads: readonly number[];
}

interface State {
  knownTotal: number;
  reads: number[];
  /** Hash of the base event at knownTotal - 1, to notice a ledger that was replaced. */
  lastHash: string;
}

export interface ReadsIndexOptions {
  /** Newcomers read outright up to this many; beyond it, located by binary search. */
  readonly scanLimit?: number;
  readonly maxKeys?: number;
}

export class ReadsIndex {
  readonly #dir: string;
  readonly #scanLimit: number;
  readonly #maxKeys: number;
  readonly #states = new Map<string, State>();
  readonly #busy = new Map<string, Promise<ReadPositions>>();

  constructor(ledgerDir: string, options: ReadsIndexOptions = {}) {
    this.#dir = ledgerDir;
    this.#scanLimit = options.scanLimit ?? 2000;
    this.#maxKeys = options.maxKeys ?? 32;
  }

  /** The read positions for the ledger as it is now; concurrent callers share one refresh. */
  positions(filter: BaseFilter): Promise<ReadPositions> {
    const key = JSON.stringify([filter.tenant, filter.since ?? null, filter.until ?? null]);
    const previous = this.#busy.get(key) ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => this.#refresh(key, filter));
    this.#busy.set(key, next);
    void next.finally(() => {
      if (this.#busy.get(key) === next) this.#busy.delete(key);
    }).catch(() => undefined);
    return next;
  }

  async #refresh(key: string, filter: BaseFilter): Promise<ReadPositions> {
    const base = { tenant: filter.tenant, ...(filter.since !== undefined && { since: filter.since }), ...(filter.until !== undefined && { until: filter.until }) };
    const { total, readTotal } = await this.#counts(base);
    let state = this.#states.get(key);
    if (state && (total < state.knownTotal || readTotal < state.reads.length || !(await this.#stillThere(base, state)))) state = undefined;
    if (!state) {
      state = { knownTotal: 0, reads: [], lastHash: '' };
      this.#remember(key, state);
    }
    const added = total - state.knownTotal;
    const addedReads = readTotal - state.reads.length;
    if (addedReads === added) for (let p = state.knownTotal; p < total; p++) state.reads.push(p);
    else if (addedReads > 0) {
      if (added <= this.#scanLimit) await this.#scan(base, state, state.knownTotal, total);
      else await this.#search(base, state, total, addedReads);
    }
    if (added > 0) state.lastHash = (await this.#at(base, total - 1, 1))[0]?.hash ?? '';
    state.knownTotal = total;
    return { total, reads: state.reads };
  }

  /**
   * Both counts of one moment: reads are counted before and after the total, and a read appended
   * in between (the UI appends them all the time) shows as a difference, so the pair is taken again.
   */
  async #counts(base: BaseFilter): Promise<{ total: number; readTotal: number }> {
    const reads = async () => (await queryEvents(this.#dir, { ...base, type: READ_TYPE, limit: 0 })).total;
    let before = await reads();
    for (;;) {
      const total = (await queryEvents(this.#dir, { ...base, limit: 0 })).total;
      const after = await reads();
      if (after === before) return { total, readTotal: after };
      before = after;
    }
  }

  #remember(key: string, state: State): void {
    this.#states.delete(key);
    this.#states.set(key, state);
    while (this.#states.size > this.#maxKeys) this.#states.delete(this.#states.keys().next().value!);
  }

  async #stillThere(base: BaseFilter, state: State): Promise<boolean> {
    if (state.knownTotal === 0) return true;
    return (await this.#at(base, state.knownTotal - 1, 1))[0]?.hash === state.lastHash;
  }

  #at(base: BaseFilter, offset: number, limit: number): Promise<LedgerEvent[]> {
    return queryEvents(this.#dir, { ...base, offset, limit }).then((r) => r.events);
  }

  /** Reads every newcomer in [from, to) and notes the reads among them. */
  async #scan(base: BaseFilter, state: State, from: number, to: number): Promise<void> {
    const CHUNK = 1000;
    for (let offset = from; offset < to; offset += CHUNK) {
      const events = await this.#at(base, offset, Math.min(CHUNK, to - offset));
      events.forEach((e, i) => {
        if (e.type === READ_TYPE) state.reads.push(offset + i);
      });
    }
  }

  /**
   * Locates `count` new reads among many newcomers: their seqs come from a read-only query, then
   * for each run of reads a binary search by seq finds its start, and a growing chunk read
   * follows the run (UI reads come in runs: page views with nothing else in between).
   */
  async #search(base: BaseFilter, state: State, total: number, count: number): Promise<void> {
    const targets = (await queryEvents(this.#dir, { ...base, type: READ_TYPE, offset: state.reads.length, limit: count })).events.map((e) => e.seq);
    let from = state.knownTotal;
    let j = 0;
    while (j < targets.length) {
      // The first position whose seq reaches the next target; later targets need room after it.
      let lo = from;
      let hi = total - (targets.length - j);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((await this.#at(base, mid, 1))[0]!.seq < targets[j]!) lo = mid + 1;
        else hi = mid;
      }
      let at = lo;
      let chunk = 8;
      for (;;) {
        const events = await this.#at(base, at, Math.min(chunk, total - at));
        let lastRead = -1;
        events.forEach((e, i) => {
          if (e.type === READ_TYPE && e.seq === targets[j]) {
            state.reads.push(at + i);
            j++;
            lastRead = i;
          }
        });
        at += events.length;
        // Follow the run only while it reaches the chunk's end; otherwise search for the next one.
        if (lastRead !== events.length - 1 || j >= targets.length || at >= total) break;
        chunk = Math.min(chunk * 2, 1024);
      }
      from = at;
    }
  }
}

/**
 * The base position of the v-th event that is not a read (both from 0): v plus the number of
 * reads before it. `reads[i] - i` counts the non-reads before reads[i] and never decreases, so
 * the reads before the v-th non-read are those with `reads[i] - i <= v`.
 */
export function basePosition(reads: readonly number[], v: number): number {
  let lo = 0;
  let hi = reads.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (reads[mid]! - mid <= v) lo = mid + 1;
    else hi = mid;
  }
  return v + lo;
}
