import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isSealCheckpoint } from './checkpoint.ts';
import { LedgerStateError } from './errors.ts';
import { GENESIS_PREV, type LedgerEvent } from './event.ts';
import { headSignatureValid, type HeadRead } from './head.ts';
import type { PublicKeyInfo } from './keys.ts';
import { listSegments, SEGMENTS_DIR, segmentFileName, type SegmentFile } from './layout.ts';

/**
 * The writer's view of where the ledger ends, checked against the signed head, with the only
 * repair the writer ever makes: after a crash in the middle of an append (head still `appending`)
 * the half-written append is cut off, back to the end the head says it started from. Anything
 * else that does not match the head is refused, because it is not something a crash can do.
 */

export interface Tail {
  /** -1 for an empty ledger. */
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly lastIsSeal: boolean;
  /** The segment the next events go to. */
  readonly target: { readonly path: string; readonly size: number; readonly isNew: boolean };
}

/** Recorded under `ledger.recovered` in the details of the first event appended after a crash. */
export interface RecoveryNote {
  readonly interruptedAppend: { readonly from: number; readonly to: number };
  readonly discardedEvents: number;
  readonly tornBytes: number;
}

interface End {
  readonly seq: number;
  readonly hash: string;
  readonly isSeal: boolean;
}

const EMPTY: End = { seq: -1, hash: GENESIS_PREV, isSeal: false };

export async function readTail(dir: string, head: HeadRead, key: PublicKeyInfo): Promise<{ tail: Tail; recovered?: RecoveryNote }> {
  const { segments } = await listSegments(dir);
  const last = segments.at(-1);
  const before = segments.at(-2);
  const refuse = (what: string): never => {
    throw new LedgerStateError(`the ledger in ${dir} ${what}: refusing to append; run \`sandbox ledger verify --dir ${dir}\``);
  };

  let end = EMPTY;
  let size = 0;
  let completeBytes = 0;
  if (last) {
    const handle = await open(last.path, 'r');
    try {
      size = (await handle.stat()).size;
      completeBytes = (await lastNewline(handle, size)) + 1;
      if (completeBytes > 0) end = endOf(await lineBefore(handle, completeBytes), last);
    } finally {
      await handle.close();
    }
    if (completeBytes === 0 && before) end = await endOfSegment(before);
  }
  const torn = size - completeBytes;

  if (head.kind === 'invalid') refuse(`has an unreadable head (${head.message})`);
  if (head.kind === 'missing') {
    if (end.seq === -1 && torn === 0) return { tail: tailAt(dir, end, last, size) };
    return refuse('holds events but no signed head (head.json)');
  }
  if (head.kind !== 'ok') throw new Error('unreachable');
  const signed = head.head;
  if (!headSignatureValid(signed, key)) refuse('has a head whose signature does not verify with its public key');

  if (signed.state === 'committed') {
    if (end.seq === signed.seq && end.hash === signed.hash && torn === 0) return { tail: tailAt(dir, end, last, size) };
    return refuse(`ends at seq ${end.seq}${torn > 0 ? ` plus ${torn} stray bytes` : ''} but its signed head says seq ${signed.seq}`);
  }

  // An append was interrupted: the events may stop anywhere between `previous` and `seq`.
  const from = signed.previous ?? { seq: -1, hash: GENESIS_PREV };
  if (end.seq === signed.seq && end.hash === signed.hash) {
    if (torn > 0) await truncateDurably(last!.path, completeBytes);
    const recovered = { interruptedAppend: { from: from.seq + 1, to: signed.seq }, discardedEvents: 0, tornBytes: torn };
    return { tail: tailAt(dir, end, last, completeBytes), recovered };
  }
  if (end.seq < from.seq || end.seq >= signed.seq || !last) {
    return refuse(`ends at seq ${end.seq} but its head records an unfinished append of seq ${from.seq + 1}..${signed.seq}`);
  }
  // One append writes to one segment, so whatever it left is in the last segment.
  let cut = 0;
  let kept = EMPTY;
  if (last.firstSeq > from.seq) {
    kept = before ? await endOfSegment(before) : EMPTY;
  } else {
    const handle = await open(last.path, 'r');
    try {
      for (let lineEnd = completeBytes; lineEnd > 0; ) {
        const line = await lineBefore(handle, lineEnd);
        kept = endOf(line, last);
        if (kept.seq <= from.seq) {
          cut = lineEnd;
          break;
        }
        lineEnd = line.start;
      }
    } finally {
      await handle.close();
    }
  }
  if (kept.seq !== from.seq || kept.hash !== from.hash) {
    return refuse(`does not contain the event (seq ${from.seq}) its head says the unfinished append started from`);
  }
  await truncateDurably(last.path, cut);
  const recovered = { interruptedAppend: { from: from.seq + 1, to: signed.seq }, discardedEvents: end.seq - from.seq, tornBytes: torn };
  return { tail: tailAt(dir, kept, last, cut), recovered };
}

function tailAt(dir: string, end: End, last: SegmentFile | undefined, size: number): Tail {
  const next = end.seq + 1;
  if (last && size > 0 && !end.isSeal) return { lastSeq: end.seq, lastHash: end.hash, lastIsSeal: false, target: { path: last.path, size, isNew: false } };
  if (last && size === 0) {
    if (last.firstSeq !== next) {
      throw new LedgerStateError(`segment ${last.path} is empty but named for seq ${last.firstSeq}, while the next event is seq ${next}`);
    }
    return { lastSeq: end.seq, lastHash: end.hash, lastIsSeal: end.isSeal, target: { path: last.path, size: 0, isNew: false } };
  }
  const target = path.join(dir, SEGMENTS_DIR, segmentFileName(next));
  return { lastSeq: end.seq, lastHash: end.hash, lastIsSeal: end.isSeal, target: { path: target, size: 0, isNew: true } };
}

async function endOfSegment(segment: SegmentFile): Promise<End> {
  const handle = await open(segment.path, 'r');
  try {
    const size = (await handle.stat()).size;
    const complete = (await lastNewline(handle, size)) + 1;
    if (complete !== size || complete === 0) {
      throw new LedgerStateError(`segment ${segment.path} is not the last one but does not end with a complete event`);
    }
    return endOf(await lineBefore(handle, complete), segment);
  } finally {
    await handle.close();
  }
}

function endOf(line: { text: string }, segment: SegmentFile): End {
  let event: LedgerEvent;
  try {
    event = JSON.parse(line.text) as LedgerEvent;
  } catch {
    throw new LedgerStateError(`the last event of ${segment.path} is not JSON: refusing to append; run \`sandbox ledger verify\``);
  }
  if (typeof event.seq !== 'number' || typeof event.hash !== 'string') {
    throw new LedgerStateError(`the last event of ${segment.path} has no seq or hash: refusing to append; run \`sandbox ledger verify\``);
  }
  return { seq: event.seq, hash: event.hash, isSeal: isSealCheckpoint(event) };
}

const WINDOW = 64 * 1024;

/** The offset of the last newline before `size`, or -1. */
async function lastNewline(handle: FileHandle, size: number): Promise<number> {
  const buffer = Buffer.allocUnsafe(WINDOW);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - WINDOW);
    const { bytesRead } = await handle.read(buffer, 0, end - start, start);
    const at = buffer.subarray(0, bytesRead).lastIndexOf(10);
    if (at !== -1) return start + at;
    end = start;
  }
  return -1;
}

/** The line whose newline is the byte before `end`. */
async function lineBefore(handle: FileHandle, end: number): Promise<{ start: number; text: string }> {
  const newline = end - 1;
  const start = (await lastNewline(handle, newline)) + 1;
  const buffer = Buffer.allocUnsafe(newline - start);
  await handle.read(buffer, 0, buffer.length, start);
  return { start, text: buffer.toString('utf8') };
}

async function truncateDurably(file: string, size: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(size);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
