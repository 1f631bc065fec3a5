import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkActor, type ActorDirectory } from './actors.ts';
import { withCanonicalKeyOrder } from './canonical-json.ts';
import { checkpointEvent, DEFAULT_CHECKPOINT_INTERVAL, isCheckpointSlot, isSealCheckpoint, type CheckpointReason } from './checkpoint.ts';
import { fsyncDirectory } from './durable-file.ts';
import { LedgerEventError, LedgerStateError } from './errors.ts';
import { PLATFORM_TENANT, RECOVERED_DETAIL, type AppendedEvent, type EventSink, type EventSource, type LedgerEvent, type NewEvent } from './event.ts';
import { hashEvent } from './event-line.ts';
import { TENANT_PATTERN, validateNewEvent } from './event-schema.ts';
import { readHead, writeHead } from './head.ts';
import { loadSigningKeys, type SigningKeys } from './keys.ts';
import { isFreshLedger, listSegments, resolveLedgerDir, segmentFileName } from './layout.ts';
import { DEFAULT_LOCK_STALE_MS, withLedgerLock } from './lock.ts';
import { readTail, type RecoveryNote, type Tail } from './tail.ts';

export interface LedgerOptions {
  /** Who may act for which tenant; without one, only service identities may act. */
  readonly actors?: ActorDirectory;
  /** The `source` of events that do not name one. */
  readonly source?: EventSource;
  /** A `ledger.checkpoint` every this many events (default 1000). */
  readonly checkpointInterval?: number;
  /** The time of events that do not carry one, and of checkpoints. */
  readonly clock?: () => Date;
  /** After how long a lock whose holder stopped refreshing it is taken over (min 2000). */
  readonly lockStaleMs?: number;
}

export interface SealResult {
  /** True when the last segment was already sealed and nothing new has been appended since. */
  readonly alreadySealed: boolean;
  /** The sealed segment file: immutable from now on, ready for the Object Lock log store. */
  readonly segment: string;
  readonly firstSeq: number;
  /** The seq of the closing checkpoint. */
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface Ledger extends EventSink {
  readonly dir: string;
  /** Appends a signed checkpoint now (the exit workflow calls this). */
  checkpoint(options?: { readonly reason?: Extract<CheckpointReason, 'on-demand' | 'tenant-exit'>; readonly tenant?: string }): Promise<AppendedEvent>;
  /** Closes the current segment with a checkpoint; the next append starts a new segment. */
  seal(): Promise<SealResult>;
}

export function openLedger(dir?: string, options: LedgerOptions = {}): Ledger {
  return new LedgerWriter(resolveLedgerDir(dir), options);
}

/** Seals the current segment of the ledger in `dir` (see Ledger.seal). */
export function sealLedger(dir?: string, options: LedgerOptions = {}): Promise<SealResult> {
  return openLedger(dir, options).seal();
}

type Draft = Omit<LedgerEvent, 'seq' | 'prev' | 'hash'>;

interface Settle<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

type Work =
  | { readonly kind: 'events'; readonly drafts: readonly Draft[]; readonly settle: Settle<AppendedEvent[]> }
  | { readonly kind: 'checkpoint'; readonly reason: CheckpointReason; readonly tenant: string; readonly settle: Settle<AppendedEvent> }
  | { readonly kind: 'seal'; readonly settle: Settle<SealedEnd> };

interface SealedEnd {
  readonly alreadySealed: boolean;
  readonly seq: number;
  readonly hash: string;
}

interface CachedTail extends Tail {
  /** The exact head text this process last wrote: if it is still there, nobody else appended. */
  readonly headText: string;
}

/** How many queued events one group commit may take (a single batch is never split). */
const MAX_GROUP_EVENTS = 10_000;

/**
 * The writer. Appends queue up; whatever queued while the previous commit ran goes to disk as
 * one group: one lock, one head update, one write and one fdatasync for all of it. A promise
 * resolves only once its events are durable.
 */
class LedgerWriter implements Ledger {
  readonly dir: string;
  readonly #actors: ActorDirectory | undefined;
  readonly #source: EventSource | undefined;
  readonly #interval: number;
  readonly #clock: () => Date;
  readonly #staleMs: number;
  #queue: Work[] = [];
  #running = false;
  #keys: SigningKeys | undefined;
  #cache: CachedTail | undefined;

  constructor(dir: string, options: LedgerOptions) {
    this.dir = dir;
    this.#actors = options.actors;
    this.#source = options.source;
    this.#interval = options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL;
    if (!Number.isInteger(this.#interval) || this.#interval < 2) throw new RangeError(`checkpointInterval must be an integer >= 2, got ${this.#interval}`);
    this.#clock = options.clock ?? (() => new Date());
    this.#staleMs = options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS;
  }

  async append(event: NewEvent): Promise<AppendedEvent> {
    const [appended] = await this.appendBatch([event]);
    return appended!;
  }

  appendBatch(events: readonly NewEvent[]): Promise<AppendedEvent[]> {
    const drafts: Draft[] = [];
    const issues: string[] = [];
    events.forEach((event, index) => {
      const result = this.#draft(event);
      if (Array.isArray(result)) issues.push(...result.map((i) => (events.length > 1 ? `event ${index}: ${i}` : i)));
      else drafts.push(result);
    });
    if (issues.length > 0) return Promise.reject(new LedgerEventError(`ledger: event${events.length > 1 ? 's' : ''} rejected, nothing was written:`, issues));
    if (drafts.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => this.#enqueue({ kind: 'events', drafts, settle: { resolve, reject } }));
  }

  checkpoint(options: { readonly reason?: Extract<CheckpointReason, 'on-demand' | 'tenant-exit'>; readonly tenant?: string } = {}): Promise<AppendedEvent> {
    const tenant = options.tenant ?? PLATFORM_TENANT;
    if (!TENANT_PATTERN.test(tenant)) return Promise.reject(new LedgerEventError('ledger: checkpoint rejected:', [`tenant: "${tenant}" is not a tenant id`]));
    return new Promise((resolve, reject) => this.#enqueue({ kind: 'checkpoint', reason: options.reason ?? 'on-demand', tenant, settle: { resolve, reject } }));
  }

  async seal(): Promise<SealResult> {
    const end = await new Promise<SealedEnd>((resolve, reject) => this.#enqueue({ kind: 'seal', settle: { resolve, reject } }));
    return describeSealedSegment(this.dir, end);
  }

  /** Validates and completes one event, or returns its issues. */
  #draft(input: NewEvent): Draft | string[] {
    const valid = validateNewEvent(input);
    if (!valid.ok) return [...valid.issues];
    const event = valid.value;
    const issues: string[] = [];
    const actorProblem = checkActor(event.tenant, event.actor.id, this.#actors);
    if (actorProblem) issues.push(`actor.id: ${actorProblem}`);
    // NEN 7513's "on whose behalf" names the responsible person: the same rule as for the actor.
    const behalfProblem = event.actor.onBehalfOf === undefined ? undefined : checkActor(event.tenant, event.actor.onBehalfOf, this.#actors);
    if (behalfProblem) issues.push(`actor.onBehalfOf: ${behalfProblem.replace(/^actor /, '')}`);
    if (event.type === 'ledger.checkpoint') issues.push('type: ledger.checkpoint events are written by the ledger itself (call checkpoint())');
    const source = event.source ?? this.#source;
    if (!source) issues.push('source: is required (or open the ledger with a default source)');
    if (issues.length > 0 || !source) return issues;
    return {
      ...event,
      ...(event.details && { details: withCanonicalKeyOrder(event.details) }),
      source,
      time: event.time ?? this.#clock().toISOString(),
    };
  }

  #enqueue(work: Work): void {
    this.#queue.push(work);
    if (!this.#running) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      // Let appends issued in the same tick join the first group.
      await Promise.resolve();
      while (this.#queue.length > 0) {
        const group = this.#takeGroup();
        try {
          const settle = await this.#commit(group);
          settle();
        } catch (error) {
          this.#cache = undefined;
          for (const work of group) work.settle.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  /** A seal goes alone (it ends a segment); everything else merges up to MAX_GROUP_EVENTS. */
  #takeGroup(): Work[] {
    const first = this.#queue.shift()!;
    if (first.kind === 'seal') return [first];
    const group: Work[] = [first];
    let events = first.kind === 'events' ? first.drafts.length : 1;
    while (this.#queue.length > 0) {
      const next = this.#queue[0]!;
      const size = next.kind === 'events' ? next.drafts.length : 1;
      if (next.kind === 'seal' || events + size > MAX_GROUP_EVENTS) break;
      group.push(this.#queue.shift()!);
      events += size;
    }
    return group;
  }

  /** Writes one group under the lock; returns what settles the group's promises afterwards. */
  async #commit(group: readonly Work[]): Promise<() => void> {
    return withLedgerLock(this.dir, this.#staleMs, async () => {
      const keys = (this.#keys ??= await loadSigningKeys(this.dir, { mayCreate: await isFreshLedger(this.dir) }));
      const head = await readHead(this.dir);
      const cached = this.#cache;
      let tail: Tail;
      let recovered: RecoveryNote | undefined;
      if (cached && head.kind === 'ok' && head.text === cached.headText && (await sizeOf(cached.target.path)) === cached.target.size) {
        tail = cached;
      } else {
        ({ tail, recovered } = await readTail(this.dir, head, keys));
      }

      let seq = tail.lastSeq + 1;
      let prev = tail.lastHash;
      let lastIsSeal = tail.lastIsSeal;
      let sealing = false;
      const lines: string[] = [];
      const settlers: (() => void)[] = [];
      const emit = (unhashed: Omit<LedgerEvent, 'hash'>): AppendedEvent => {
        if (recovered) {
          unhashed = { ...unhashed, details: { ...unhashed.details, [RECOVERED_DETAIL]: { ...recovered } } };
          recovered = undefined;
        }
        const { event, line } = hashEvent(unhashed);
        lines.push(line);
        seq++;
        prev = event.hash;
        lastIsSeal = isSealCheckpoint(event);
        return event;
      };
      const checkpoint = (reason: CheckpointReason, tenant: string): AppendedEvent =>
        emit(checkpointEvent({ seq, prev, time: this.#clock().toISOString(), tenant, reason, keys }));

      for (const work of group) {
        if (work.kind === 'events') {
          const appended: AppendedEvent[] = [];
          for (const draft of work.drafts) {
            if (isCheckpointSlot(seq, this.#interval)) checkpoint('interval', PLATFORM_TENANT);
            appended.push(emit(placed(draft, seq, prev)));
            if (draft.type === 'tenant.exited') checkpoint('tenant-exit', draft.tenant);
          }
          settlers.push(() => work.settle.resolve(appended));
        } else if (seq === 0) {
          settlers.push(() => work.settle.reject(new LedgerStateError(`the ledger in ${this.dir} is empty: nothing to ${work.kind}`)));
        } else if (work.kind === 'checkpoint') {
          const event = checkpoint(work.reason, work.tenant);
          settlers.push(() => work.settle.resolve(event));
        } else if (lastIsSeal) {
          const end = { alreadySealed: true, seq: seq - 1, hash: prev };
          settlers.push(() => work.settle.resolve(end));
        } else {
          const event = checkpoint('seal', PLATFORM_TENANT);
          sealing = true;
          settlers.push(() => work.settle.resolve({ alreadySealed: false, seq: event.seq, hash: event.hash }));
        }
      }

      if (lines.length > 0) {
        const end = { seq: seq - 1, hash: prev };
        const previous = tail.lastSeq >= 0 ? { seq: tail.lastSeq, hash: tail.lastHash } : null;
        await writeHead(this.dir, { state: 'appending', ...end, previous }, keys);
        const size = tail.target.size + (await appendDurably(tail.target, `${lines.join('\n')}\n`));
        const headText = await writeHead(this.dir, { state: 'committed', ...end, previous }, keys);
        // A sealed segment is immutable: make that visible in its mode too.
        if (sealing) await chmod(tail.target.path, 0o444);
        const target = lastIsSeal
          ? { path: path.join(path.dirname(tail.target.path), segmentFileName(seq)), size: 0, isNew: true }
          : { path: tail.target.path, size, isNew: false };
        this.#cache = { lastSeq: end.seq, lastHash: end.hash, lastIsSeal, target, headText };
      } else {
        // Nothing written: keep the cache only if the tail needed no repair this time.
        this.#cache = head.kind === 'ok' && !recovered ? { ...tail, headText: head.text } : undefined;
      }
      return () => settlers.forEach((settle) => settle());
    });
  }
}

/**
 * The event at its place in the chain, built with its keys in canonical order (validation already
 * returns the nested objects in that order) so that hashing it takes canonicalJson's fast path.
 */
function placed(draft: Draft, seq: number, prev: string): Omit<LedgerEvent, 'hash'> {
  const { actor, ai, authorisation, details, objects, outcome, source, tenant, time, type } = draft;
  return {
    actor,
    ...(ai && { ai }),
    ...(authorisation && { authorisation }),
    ...(details && { details }),
    ...(objects && { objects }),
    outcome,
    prev,
    seq,
    source,
    tenant,
    time,
    type,
  };
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** Appends the lines with one write and one fdatasync; a new segment's directory entry is synced too. */
async function appendDurably(target: Tail['target'], text: string): Promise<number> {
  const data = Buffer.from(text);
  if (target.isNew) await mkdir(path.dirname(target.path), { recursive: true });
  const handle = await open(target.path, 'a');
  try {
    await handle.write(data);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  if (target.isNew) {
    await fsyncDirectory(path.dirname(target.path));
    await fsyncDirectory(path.dirname(path.dirname(target.path)));
  }
  return data.length;
}

async function describeSealedSegment(dir: string, end: SealedEnd): Promise<SealResult> {
  const { segments } = await listSegments(dir);
  const segment = segments.filter((s) => s.firstSeq <= end.seq).at(-1);
  if (!segment) throw new LedgerStateError(`no segment of ${dir} holds seq ${end.seq}`);
  const digest = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(segment.path)) {
    digest.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { alreadySealed: end.alreadySealed, segment: segment.path, firstSeq: segment.firstSeq, lastSeq: end.seq, lastHash: end.hash, bytes, sha256: digest.digest('hex') };
}
