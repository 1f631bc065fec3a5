import { checkCheckpoint, isSealCheckpoint } from './checkpoint.ts';
import { checkEventLine } from './event-line.ts';
import type { PublicKeyInfo } from './keys.ts';
import { scanLines } from './line-scanner.ts';

/**
 * Verifies one byte range of one segment on its own: every line's schema, form and hash, the seq
 * and chain links between the lines of the range, and every checkpoint's signature. How the
 * ranges join up (and the head) is checked by verify.ts, so ranges can run on several threads.
 */

export const VERIFY_PROBLEMS = ['schema', 'format', 'hash', 'seq', 'chain', 'checkpoint', 'signature', 'segment', 'head', 'rollback'] as const;
export type VerifyProblem = (typeof VERIFY_PROBLEMS)[number];

export interface ChunkTask {
  readonly id: number;
  readonly file: string;
  readonly start: number;
  readonly end: number;
  /** Seqs whose hashes verify.ts needs for the head rule. */
  readonly wanted: readonly number[];
}

export interface ChunkResult {
  readonly id: number;
  /** Complete lines read (up to and including a problem line). */
  readonly lines: number;
  readonly first?: { readonly seq: number; readonly prev: string };
  readonly last?: { readonly seq: number; readonly hash: string; readonly isSeal: boolean };
  /** The first problem, at a line index relative to the range. */
  readonly problem?: { readonly index: number; readonly problem: VerifyProblem; readonly message: string };
  readonly checkpoints: number;
  /** Index of the first seal checkpoint in the range. */
  readonly sealIndex?: number;
  readonly tornBytes: number;
  readonly wanted: readonly (readonly [number, string])[];
}

export async function verifyChunk(task: ChunkTask, key: PublicKeyInfo): Promise<ChunkResult> {
  const wantedSeqs = new Set(task.wanted);
  const wanted: [number, string][] = [];
  let index = -1;
  let first: ChunkResult['first'];
  let last: ChunkResult['last'];
  let problem: ChunkResult['problem'];
  let checkpoints = 0;
  let sealIndex: number | undefined;

  const scan = await scanLines(task.file, task, (buffer, start, end) => {
    index++;
    const check = checkEventLine(buffer, start, end);
    if (!check.ok) {
      problem = { index, problem: check.problem, message: check.message };
      return false;
    }
    const event = check.event;
    if (!last) first = { seq: event.seq, prev: event.prev };
    else if (event.seq !== last.seq + 1) {
      problem = { index, problem: 'seq', message: `expected seq ${last.seq + 1}, found seq ${event.seq} (an event is missing, duplicated or out of order)` };
      return false;
    } else if (event.prev !== last.hash) {
      problem = { index, problem: 'chain', message: `prev does not match the hash of seq ${last.seq} (the chain is broken here)` };
      return false;
    }
    if (event.type === 'ledger.checkpoint') {
      const bad = checkCheckpoint(event, key);
      if (bad) {
        problem = { index, ...bad };
        return false;
      }
      checkpoints++;
    }
    const isSeal = isSealCheckpoint(event);
    if (isSeal && sealIndex === undefined) sealIndex = index;
    if (wantedSeqs.has(event.seq)) wanted.push([event.seq, event.hash]);
    last = { seq: event.seq, hash: event.hash, isSeal };
    return true;
  });

  return {
    id: task.id,
    lines: index + 1,
    ...(first && { first }),
    ...(last && { last }),
    ...(problem && { problem }),
    checkpoints,
    ...(sealIndex !== undefined && { sealIndex }),
    tornBytes: scan.stopped ? 0 : scan.tornBytes,
    wanted,
  };
}
