import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { HEAD_FILE, SEGMENTS_DIR, verifyLedger, type VerifyResult } from '../../audit/index.ts';
import { verifyInThread } from './verify-in-thread.ts';

/**
 * The ledger's verification for the UI. Every page view appends an event, so the ledger is never
 * the same twice and verifying it on a view (a second or more for 100 000 events) would make every
 * page as slow as a full verification. Pages therefore show the newest *completed* verification,
 * saying when it ran and which seq it reached, while a newer one runs in the background: on a
 * thread of its own for a large ledger, so pages stay fast while it reads.
 *
 * Every verification is a full one, from seq 0 and the first segment: a change to an event that an
 * earlier verification passed is found by the next one, never trusted from a cache.
 */

export interface Verification {
  /** The ledger state this result covers: head.json's and the segments' sizes, mtimes and inodes. */
  readonly key: string;
  readonly result?: VerifyResult;
  /** Why the ledger could not be verified at all (unreadable directory or key). */
  readonly problem?: string;
  /** When it started reading (it covers the ledger as it was then) and when it ended, ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
}

export interface VerificationState {
  /** The newest completed verification; absent until the first one ends. */
  readonly last?: Verification;
  /** True while the ledger is exactly as `last` found it. */
  readonly current: boolean;
  /** When the verification now running started, if one runs. */
  readonly runningSince?: string;
  /** The seq the ledger's signed head names now, when it moved on since `last` (how far it grew). */
  readonly headSeqNow?: number;
}

export interface VerificationCacheOptions {
  readonly publicKeyPath?: string;
  /**
   * The least time between two background verifications started by ordinary pages, so that a
   * busy UI (whose every view moves the head) does not keep a core busy re-verifying. The
   * verification page starts one whenever the ledger moved and none runs.
   */
  readonly minIntervalMs?: number;
  /** Ledgers of at least this many segment bytes are verified on a thread of their own (default 2 MiB; smaller ones take milliseconds). */
  readonly threadFromBytes?: number;
}

/** Whether a view may start a verification only after `minIntervalMs`, or at once (the verification page). */
export type Refresh = 'interval' | 'now';

const DEFAULT_THREAD_FROM_BYTES = 2 * 1024 * 1024;

interface LedgerState {
  readonly key: string;
  readonly bytes: number;
}

export class VerificationCache {
  readonly #dir: string;
  readonly #publicKeyPath: string | undefined;
  readonly #minIntervalMs: number;
  readonly #threadFromBytes: number;
  #last: Verification | undefined;
  #lastEnded = -Infinity;
  #running: { readonly since: string; readonly done: Promise<Verification>; readonly stop: () => void } | undefined;
  #closed = false;

  constructor(ledgerDir: string, options: VerificationCacheOptions = {}) {
    this.#dir = ledgerDir;
    this.#publicKeyPath = options.publicKeyPath;
    this.#minIntervalMs = options.minIntervalMs ?? 10_000;
    this.#threadFromBytes = options.threadFromBytes ?? DEFAULT_THREAD_FROM_BYTES;
  }

  /**
   * What is known now, without waiting for a verification: the newest completed one and whether
   * the ledger moved on since. Starts a background verification when it did (see `Refresh`).
   */
  async state(refresh: Refresh = 'interval'): Promise<VerificationState> {
    const now = await this.#ledgerState();
    const last = this.#last;
    if (last?.key === now.key) return { last, current: true };
    const due = refresh === 'now' || performance.now() - this.#lastEnded >= this.#minIntervalMs;
    if (due || !last) void this.#start(now);
    const running = this.#running;
    const headSeqNow = last ? await this.#headSeq() : undefined;
    return { ...(last && { last }), current: false, ...(running && { runningSince: running.since }), ...(headSeqNow !== undefined && { headSeqNow }) };
  }

  /** Starts a verification unless one runs (the server does at start-up, so the first page finds one under way). */
  start(): void {
    if (!this.#running) void this.#ledgerState().then((now) => this.#start(now));
  }

  /** Resolves once a verification has completed (the first one, if none has yet). */
  async ready(): Promise<Verification | undefined> {
    return this.#last ?? this.#running?.done ?? this.#start(await this.#ledgerState());
  }

  /** Waits for the verification in flight, if any. */
  async settle(): Promise<void> {
    await this.#running?.done;
  }

  /** Stops a background verification in flight and starts no more (the server is closing). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#running?.stop();
    await this.settle();
  }

  /** Starts a verification of the ledger in state `now`, unless one runs already (or the cache is closed). */
  #start(now: LedgerState): Promise<Verification | undefined> {
    if (this.#closed) return Promise.resolve(this.#last);
    if (this.#running) return this.#running.done;
    const startedAt = new Date();
    const began = performance.now();
    const options = this.#publicKeyPath ? { publicKeyPath: this.#publicKeyPath } : {};
    const job = now.bytes >= this.#threadFromBytes ? verifyInThread(this.#dir, options) : { result: verifyLedger(this.#dir, options), stop: () => {} };
    const done = job.result.then(
      (result) => ({ result }),
      (error: unknown) => ({ problem: (error as Error).message }),
    ).then((outcome) => {
      const verification: Verification = { key: now.key, ...outcome, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), durationMs: performance.now() - began };
      // A verification stopped by close() is no result; anything else (tampered included) is.
      if (!this.#closed) {
        this.#last = verification;
        this.#lastEnded = performance.now();
      }
      this.#running = undefined;
      return verification;
    });
    this.#running = { since: startedAt.toISOString(), done, stop: job.stop };
    return done;
  }

  /**
   * The key is taken before verification reads anything: whatever is appended (or changed) while
   * it reads makes the next view start another.
   */
  async #ledgerState(): Promise<LedgerState> {
    const parts: string[] = [];
    let bytes = 0;
    const note = async (file: string, counts: boolean) => {
      try {
        const s = await stat(file);
        parts.push(`${path.basename(file)}:${s.size}:${s.mtimeMs}:${s.ino}`);
        if (counts) bytes += s.size;
      } catch {
        parts.push(`${path.basename(file)}:-`);
      }
    };
    await note(path.join(this.#dir, HEAD_FILE), false);
    let names: string[] = [];
    try {
      names = (await readdir(path.join(this.#dir, SEGMENTS_DIR))).sort();
    } catch {
      // No segments yet: the head alone keys the (empty) ledger.
    }
    for (const name of names) await note(path.join(this.#dir, SEGMENTS_DIR, name), true);
    return { key: parts.join('|'), bytes };
  }

  /** What head.json says now: only to tell the reader how far the ledger grew past a verification. */
  async #headSeq(): Promise<number | undefined> {
    try {
      const seq = (JSON.parse(await readFile(path.join(this.#dir, HEAD_FILE), 'utf8')) as { seq?: unknown }).seq;
      return typeof seq === 'number' ? seq : undefined;
    } catch {
      return undefined;
    }
  }
}
