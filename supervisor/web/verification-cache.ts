import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { HEAD_FILE, SEGMENTS_DIR, verifyLedger, type VerifyResult } from '../../audit/index.ts';

/**
 * The ledger's verification, kept per head: verifying 100 000 events takes about a second, and
 * every page view appends an event, so pages show the newest completed verification (saying
 * which head it covers) while at most one newer verification runs in the background. The
 * verification page waits for one that covers the ledger as it is.
 */

export interface Verification {
  /** The ledger state this result covers: head.json's and the segments' sizes and mtimes. */
  readonly key: string;
  readonly result?: VerifyResult;
  /** Why the ledger could not be verified at all (unreadable directory or key). */
  readonly problem?: string;
}

export interface CachedVerification extends Verification {
  /** False when the ledger has changed since (the result covers an earlier head). */
  readonly current: boolean;
}

export class VerificationCache {
  readonly #dir: string;
  readonly #publicKeyPath: string | undefined;
  readonly #minIntervalMs: number;
  #last: Verification | undefined;
  #lastEnded = -Infinity;
  #running: Promise<Verification> | undefined;

  /**
   * `minIntervalMs`: the least time between two background verifications, so that a busy UI
   * (whose every view moves the head) does not re-verify the whole ledger on every page.
   */
  constructor(ledgerDir: string, options: { readonly publicKeyPath?: string; readonly minIntervalMs?: number } = {}) {
    this.#dir = ledgerDir;
    this.#publicKeyPath = options.publicKeyPath;
    this.#minIntervalMs = options.minIntervalMs ?? 10_000;
  }

  /** The newest completed verification, starting a fresh one in the background if the ledger moved on. */
  async latest(): Promise<CachedVerification> {
    const key = await this.#key();
    if (this.#last?.key === key) return { ...this.#last, current: true };
    if (this.#last) {
      if (performance.now() - this.#lastEnded >= this.#minIntervalMs) void this.#start();
      return { ...this.#last, current: false };
    }
    const done = await this.#start();
    return { ...done, current: done.key === key };
  }

  /** A verification that covers the ledger as it is now (at the latest, as it was when this call came). */
  async fresh(): Promise<CachedVerification> {
    const key = await this.#key();
    if (this.#last?.key === key) return { ...this.#last, current: true };
    if (this.#running) {
      const done = await this.#running;
      if (done.key === key) return { ...done, current: true };
    }
    return { ...(await this.#start()), current: true };
  }

  /** Waits for a background verification, if one runs (so a server closes cleanly). */
  async settle(): Promise<void> {
    await this.#running;
  }

  #start(): Promise<Verification> {
    this.#running ??= (async () => {
      // The key is taken first: anything appended while verify reads makes the next call verify again.
      const key = await this.#key();
      let verification: Verification;
      try {
        verification = { key, result: await verifyLedger(this.#dir, this.#publicKeyPath ? { publicKeyPath: this.#publicKeyPath } : {}) };
      } catch (error) {
        verification = { key, problem: (error as Error).message };
      }
      this.#last = verification;
      this.#lastEnded = performance.now();
      return verification;
    })().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #key(): Promise<string> {
    const parts: string[] = [];
    const note = async (file: string) => {
      try {
        const s = await stat(file);
        parts.push(`${path.basename(file)}:${s.size}:${s.mtimeMs}:${s.ino}`);
      } catch {
        parts.push(`${path.basename(file)}:-`);
      }
    };
    await note(path.join(this.#dir, HEAD_FILE));
    let names: string[] = [];
    try {
      names = (await readdir(path.join(this.#dir, SEGMENTS_DIR))).sort();
    } catch {
      // No segments yet: the head alone keys the (empty) ledger.
    }
    for (const name of names) await note(path.join(this.#dir, SEGMENTS_DIR, name));
    return parts.join('|');
  }
}
