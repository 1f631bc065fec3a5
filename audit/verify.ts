import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LedgerAccessError } from './errors.ts';
import { GENESIS_PREV } from './event.ts';
import { headSignatureValid, readHead, type HeadRead, type SignedHead } from './head.ts';
import { readPublicKey, type PublicKeyInfo } from './keys.ts';
import { listSegments, PUBLIC_KEY_FILE, type SegmentFile } from './layout.ts';
import { verifyChunk, type ChunkResult, type ChunkTask, type VerifyProblem } from './verify-chunk.ts';

/**
 * Verifies a ledger directory with nothing but its files and a public key, and never writes: it
 * works on a read-only copy on a supervisor's laptop. It streams (memory stays flat) and, for
 * large ledgers, spreads byte ranges of the segments over worker threads; the ranges are then
 * joined here in order, so the result names the first bad event exactly as a sequential pass
 * would.
 */

export interface VerifyOptions {
  /** The public key to trust; default `<dir>/ledger.pub`. A supervisor passes the published one. */
  readonly publicKeyPath?: string;
  /** Worker threads besides the calling one (0: this thread only); default: one per further CPU (at most 3) for ledgers over 32 MiB. */
  readonly workers?: number;
  /** Byte size of the ranges handed to workers (tests make it small). */
  readonly chunkBytes?: number;
  /**
   * An anchor kept outside the ledger directory (a report's head, the head uploaded to the Object
   * Lock store): the ledger must reach this seq with this hash. head.json only proves that the
   * ledger ends where a signed head once said; an older signed head with the segments cut back to
   * it verifies on its own, and only an anchor held elsewhere shows that it was rolled back.
   */
  readonly expectHead?: { readonly seq: number; readonly hash: string };
}

export interface VerifyResult {
  readonly ok: boolean;
  /** Complete event lines read. */
  readonly events: number;
  readonly segments: number;
  /** Checkpoint signatures verified. */
  readonly checkpoints: number;
  /** The last complete event. */
  readonly head?: { readonly seq: number; readonly hash: string };
  /** What the signed head file says. */
  readonly signedHead?: { readonly state: SignedHead['state']; readonly seq: number; readonly hash: string };
  readonly firstBad?: { readonly seq: number; readonly problem: VerifyProblem; readonly message: string; readonly file?: string; readonly line?: number };
  /** Bytes after the last complete line, left by an append that was cut short (a warning). */
  readonly tornTail?: { readonly file: string; readonly bytes: number };
  readonly warnings: readonly string[];
  readonly keyId?: string;
}

export type { VerifyProblem } from './verify-chunk.ts';

const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

export async function verifyLedger(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new LedgerAccessError(`${dir} is not a directory`);
  } catch (error) {
    if (error instanceof LedgerAccessError) throw error;
    throw new LedgerAccessError(`ledger directory ${dir} cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  // The head is read before the events: an append writes its head first, so every event we are
  // about to read is either covered by this head or was appended while we read.
  const head = await readHead(dir);
  const { segments, strays } = await listSegments(dir);
  const warnings = strays.map((name) => `segments/${name} is not a segment file and was ignored`);
  if (segments.length === 0 && head.kind === 'missing') {
    // Nothing at all is only fine when nothing is known to have been there: against an anchor it
    // is the ultimate rollback (every segment and the head deleted).
    const empty = { events: 0, segments: 0, checkpoints: 0, warnings };
    const anchor = options.expectHead;
    if (!anchor) return { ok: true, ...empty };
    const message = `head rolled back: the ledger holds no events and no head, but an anchor held elsewhere says it reached seq ${anchor.seq} (events 0..${anchor.seq} are gone, head.json included)`;
    return { ok: false, ...empty, firstBad: { seq: 0, problem: 'rollback', message, file: 'head.json' } };
  }

  const key = await readPublicKey(options.publicKeyPath ?? path.join(dir, PUBLIC_KEY_FILE));
  const sizes = await Promise.all(segments.map(async (s) => (await stat(s.path)).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  const workers = options.workers ?? (total >= PARALLEL_MIN_BYTES ? Math.min(availableParallelism() - 1, 3) : 0);
  const anchor = options.expectHead;
  const wanted = [...(head.kind === 'ok' ? [head.head.seq, ...(head.head.previous ? [head.head.previous.seq] : [])] : []), ...(anchor ? [anchor.seq] : [])];
  const tasks = await planChunks(segments, sizes, workers > 0 ? (options.chunkBytes ?? DEFAULT_CHUNK_BYTES) : Infinity, wanted);
  const results = await runChunks(tasks, workers, key);

  const joined = joinChunks(segments, tasks, results);
  const base = {
    events: joined.events,
    segments: segments.length,
    checkpoints: joined.checkpoints,
    keyId: key.keyId,
    ...(joined.last.seq >= 0 && { head: { seq: joined.last.seq, hash: joined.last.hash } }),
    ...(head.kind === 'ok' && { signedHead: { state: head.head.state, seq: head.head.seq, hash: head.head.hash } }),
    ...(joined.torn && { tornTail: joined.torn }),
  };
  if (joined.bad) return { ok: false, ...base, firstBad: joined.bad, warnings: [...warnings, ...joined.warnings] };

  let verdict = judgeHead(head, joined, key);
  if (verdict.bad && head.kind === 'ok' && joined.last.seq > head.head.seq && joined.hashes.has(head.head.seq)) {
    // Events past the head are forged, unless an append ran while we read: then the head moved.
    const again = await readHead(dir);
    if (again.kind === 'ok' && again.text !== head.text) {
      const appended = joined.last.seq - head.head.seq;
      const atHead = { ...joined, last: { seq: head.head.seq, hash: joined.hashes.get(head.head.seq)! }, torn: undefined };
      verdict = judgeHead(head, atHead, key);
      verdict.warnings.push(`${appended} event(s) were appended while verifying: their chain was checked, their head was not`);
    }
  }
  if (!verdict.bad && anchor) verdict.bad = judgeAnchor(anchor, joined);
  const allWarnings = [...warnings, ...joined.warnings, ...verdict.warnings];
  return verdict.bad ? { ok: false, ...base, firstBad: verdict.bad, warnings: allWarnings } : { ok: true, ...base, warnings: allWarnings };
}

interface Joined {
  readonly events: number;
  readonly checkpoints: number;
  readonly last: { readonly seq: number; readonly hash: string };
  readonly hashes: ReadonlyMap<number, string>;
  readonly torn?: { readonly file: string; readonly bytes: number } | undefined;
  readonly bad?: NonNullable<VerifyResult['firstBad']>;
  readonly warnings: string[];
}

/** Joins the ranges in file order and returns the first problem a sequential pass would meet. */
function joinChunks(segments: readonly SegmentFile[], tasks: readonly ChunkTask[], results: readonly ChunkResult[]): Joined {
  let expected = { seq: 0, prev: GENESIS_PREV };
  let events = 0;
  let checkpoints = 0;
  const warnings: string[] = [];
  const hashes = new Map<number, string>();
  let torn: Joined['torn'];
  /** The first problem; counts and `last` cover exactly the events before it, as a sequential pass would. */
  const at = (file: string, line: number, seq: number, problem: VerifyProblem, message: string, partial?: ChunkResult): Joined => ({
    events: events + (partial?.problem?.index ?? 0),
    checkpoints: checkpoints + (partial?.checkpoints ?? 0),
    last: partial?.last ?? { seq: expected.seq - 1, hash: expected.prev },
    hashes,
    warnings,
    bad: { seq, problem, message, file: path.basename(file), line },
  });

  for (const [s, segment] of segments.entries()) {
    const isLast = s === segments.length - 1;
    const chunks = tasks.map((t, i) => [t, results[i]!] as const).filter(([t]) => t.file === segment.path);
    const lines = chunks.reduce((n, [, r]) => n + r.lines, 0);
    const tornBytes = chunks.at(-1)?.[1].tornBytes ?? 0;
    if (lines === 0) {
      if (!isLast) return at(segment.path, 1, expected.seq, 'segment', `segment ${segment.name} holds no events but later segments follow`);
      if (tornBytes === 0) warnings.push(`segment ${segment.name} is empty (an append was cut short right after starting it)`);
    } else if (segment.firstSeq !== expected.seq) {
      return at(segment.path, 1, expected.seq, 'segment', `segment ${segment.name} is named for seq ${segment.firstSeq} but follows seq ${expected.seq - 1} (a segment is missing, renamed or out of place)`);
    }
    let lineBase = 0;
    let lastIsSeal = false;
    for (const [, chunk] of chunks) {
      if (chunk.first) {
        if (chunk.first.seq !== expected.seq) {
          return at(segment.path, lineBase + 1, expected.seq, 'seq', `expected seq ${expected.seq}, found seq ${chunk.first.seq} (an event is missing, duplicated or out of order)`);
        }
        if (chunk.first.prev !== expected.prev) {
          return at(segment.path, lineBase + 1, expected.seq, 'chain', `prev does not match the hash of seq ${expected.seq - 1} (the chain is broken here)`);
        }
      }
      if (chunk.problem) {
        return at(segment.path, lineBase + chunk.problem.index + 1, expected.seq + chunk.problem.index, chunk.problem.problem, chunk.problem.message, chunk);
      }
      const lastLineOfSegment = lineBase + chunk.lines === lines;
      if (chunk.sealIndex !== undefined && !(lastLineOfSegment && chunk.sealIndex === chunk.lines - 1)) {
        const sealSeq = expected.seq + chunk.sealIndex;
        return at(segment.path, lineBase + chunk.sealIndex + 2, sealSeq + 1, 'segment', `events follow the seal checkpoint (seq ${sealSeq}) in the same segment`);
      }
      for (const [seq, hash] of chunk.wanted) hashes.set(seq, hash);
      if (chunk.last) {
        expected = { seq: chunk.last.seq + 1, prev: chunk.last.hash };
        lastIsSeal = chunk.last.isSeal;
      }
      events += chunk.lines;
      checkpoints += chunk.checkpoints;
      lineBase += chunk.lines;
    }
    if (!isLast && tornBytes > 0) return at(segment.path, lines + 1, expected.seq, 'segment', `segment ${segment.name} ends with ${tornBytes} bytes that are not a complete event, but later segments follow`);
    if (!isLast && !lastIsSeal) return at(segment.path, lines, expected.seq, 'segment', `segment ${segment.name} does not end with a seal checkpoint, but later segments follow`);
    if (isLast && tornBytes > 0) torn = { file: path.relative(path.dirname(path.dirname(segment.path)), segment.path), bytes: tornBytes };
  }
  return { events, checkpoints, last: { seq: expected.seq - 1, hash: expected.prev }, hashes, torn, warnings };
}

/** The head rule (see head.ts): a committed head matches the end exactly; an appending one bounds it. */
function judgeHead(read: HeadRead, joined: Joined, key: PublicKeyInfo): { bad?: NonNullable<VerifyResult['firstBad']>; warnings: string[] } {
  const warnings: string[] = [];
  const { last, torn } = joined;
  const bad = (seq: number, problem: VerifyProblem, message: string) => ({ bad: { seq, problem, message, file: 'head.json' }, warnings });
  if (read.kind === 'missing') return bad(Math.max(last.seq, 0), 'head', 'the ledger holds events but has no signed head (head.json): its end cannot be checked');
  if (read.kind === 'invalid') return bad(Math.max(last.seq, 0), 'head', read.message);
  const head = read.head;
  if (head.keyId !== key.keyId) return bad(head.seq, 'signature', `head.json is signed by key ${head.keyId.slice(0, 16)}…, not by the verifying key ${key.keyId.slice(0, 16)}…`);
  if (!headSignatureValid(head, key)) return bad(head.seq, 'signature', "head.json's Ed25519 signature does not verify");

  if (head.state === 'committed') {
    if (last.seq < head.seq) return bad(last.seq + 1, 'head', `the ledger ends at seq ${last.seq} but its signed head says seq ${head.seq}: events ${last.seq + 1}..${head.seq} are missing (truncated)`);
    if (last.seq > head.seq) return bad(head.seq + 1, 'head', `events ${head.seq + 1}..${last.seq} follow the signed head (seq ${head.seq}) and are covered by no signature`);
    if (last.hash !== head.hash) return bad(head.seq, 'head', `the hash of seq ${head.seq} differs from the one in the signed head`);
    if (torn) return bad(head.seq + 1, 'head', `${torn.bytes} stray bytes follow the last event, which no append in progress explains`);
    return { warnings };
  }

  const from = head.previous ?? { seq: -1, hash: GENESIS_PREV };
  if (last.seq < from.seq) return bad(last.seq + 1, 'head', `the ledger ends at seq ${last.seq} but its signed head says it reached seq ${from.seq}: events are missing (truncated)`);
  if (last.seq > head.seq) return bad(head.seq + 1, 'head', `events ${head.seq + 1}..${last.seq} follow the signed head (seq ${head.seq}) and are covered by no signature`);
  const fromHash = from.seq === -1 ? GENESIS_PREV : joined.hashes.get(from.seq);
  if (fromHash !== from.hash) return bad(from.seq, 'head', `the hash of seq ${from.seq} differs from the one in the signed head`);
  if (last.seq === head.seq && last.hash !== head.hash) return bad(head.seq, 'head', `the hash of seq ${head.seq} differs from the one in the signed head`);
  if (last.seq < head.seq) {
    warnings.push(
      `an append of seq ${from.seq + 1}..${head.seq} was cut short${last.seq > from.seq ? `: events ${from.seq + 1}..${last.seq} were written but never acknowledged` : ''}; the next append discards what it left`,
    );
  } else {
    warnings.push(`the last append (seq ${from.seq + 1}..${head.seq}) was written completely but its head was not committed; the next append commits it`);
  }
  if (torn) warnings.push(`torn tail: ${torn.bytes} bytes of an unfinished event at the end of ${torn.file}; the next append removes them`);
  return { warnings };
}

/** Whether the ledger still reaches an anchor kept elsewhere (see VerifyOptions.expectHead). */
function judgeAnchor(anchor: { readonly seq: number; readonly hash: string }, joined: Joined): NonNullable<VerifyResult['firstBad']> | undefined {
  if (joined.last.seq < anchor.seq) {
    return { seq: joined.last.seq + 1, problem: 'rollback', message: `head rolled back: the ledger ends at seq ${joined.last.seq}, but an anchor held elsewhere says it reached seq ${anchor.seq} (events ${joined.last.seq + 1}..${anchor.seq} are gone, head.json included)`, file: 'head.json' };
  }
  if (joined.hashes.get(anchor.seq) !== anchor.hash) {
    return { seq: anchor.seq, problem: 'rollback', message: `head rolled back or rewritten: seq ${anchor.seq} has another hash than the anchor held elsewhere (${anchor.hash.slice(0, 16)}…)` };
  }
  return undefined;
}

/** Cuts segments into ranges of about `chunkBytes` that start at line starts. */
async function planChunks(segments: readonly SegmentFile[], sizes: readonly number[], chunkBytes: number, wanted: readonly number[]): Promise<ChunkTask[]> {
  const tasks: ChunkTask[] = [];
  for (const [i, segment] of segments.entries()) {
    const size = sizes[i]!;
    let start = 0;
    const handle = await open(segment.path, 'r');
    try {
      while (size - start > chunkBytes) {
        const end = await nextLineStart(handle, start + chunkBytes, size);
        if (end >= size) break;
        tasks.push({ id: tasks.length, file: segment.path, start, end, wanted });
        start = end;
      }
    } finally {
      await handle.close();
    }
    tasks.push({ id: tasks.length, file: segment.path, start, end: size, wanted });
  }
  return tasks;
}

async function nextLineStart(handle: Awaited<ReturnType<typeof open>>, from: number, size: number): Promise<number> {
  const buffer = Buffer.allocUnsafe(64 * 1024);
  for (let position = from; position < size; position += buffer.length) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    const at = buffer.subarray(0, bytesRead).indexOf(10);
    if (at !== -1) return position + at + 1;
    if (bytesRead === 0) break;
  }
  return size;
}

const SKIPPED = (id: number): ChunkResult => ({ id, lines: 0, checkpoints: 0, tornBytes: 0, wanted: [] });

/**
 * Verifies the ranges on the calling thread and `workers` worker threads at once. Ranges after
 * one with a problem are skipped: only the first problem is reported.
 */
async function runChunks(tasks: readonly ChunkTask[], workers: number, key: PublicKeyInfo): Promise<ChunkResult[]> {
  const results: ChunkResult[] = new Array(tasks.length);
  let next = 0;
  let firstProblem = Infinity;
  const take = (): ChunkTask | undefined => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      if (task.id < firstProblem) return task;
      results[task.id] = SKIPPED(task.id);
    }
    return undefined;
  };
  const record = (result: ChunkResult) => {
    results[result.id] = result;
    if (result.problem) firstProblem = Math.min(firstProblem, result.id);
  };
  const onThisThread = async () => {
    for (let task = take(); task; task = take()) record(await verifyChunk(task, key));
  };
  const pool = Array.from({ length: Math.min(workers, tasks.length - 1) }, () =>
    new Worker(new URL('./verify-worker.mjs', import.meta.url), { workerData: { publicKeyPem: key.pem } }),
  );
  const onWorker = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const feed = () => {
        const task = take();
        if (task) worker.postMessage(task);
        else resolve();
      };
      worker.on('message', (message: { result?: ChunkResult; error?: string }) => {
        if (message.error !== undefined || !message.result) return reject(new Error(`verify worker: ${message.error}`));
        record(message.result);
        feed();
      });
      worker.on('error', reject);
      feed();
    });
  try {
    await Promise.all([onThisThread(), ...pool.map(onWorker)]);
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return results;
}
