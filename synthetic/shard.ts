import { SyntheticDataError } from './errors.ts';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export const SINGLE_SHARD: Shard = Object.freeze({ index: 0, count: 1 });
export const MAX_SHARDS = 100_000;

/** `--shard i/N`: the i-th of N shards, 0-based, as a Kubernetes Indexed Job numbers completions. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new SyntheticDataError(`--shard: expected i/N with 0 <= i < N (for example 0/4), got '${text}'`);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  checkShard(shard);
  return shard;
}

export function checkShard(shard: Shard): void {
  if (!Number.isInteger(shard.count) || shard.count < 1 || shard.count > MAX_SHARDS) {
    throw new SyntheticDataError(`--shard: the shard count must be an integer from 1 to ${MAX_SHARDS}, got ${shard.count}`);
  }
  if (!Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new SyntheticDataError(`--shard: shard index ${shard.index} is out of range: it must be from 0 to ${shard.count - 1} for ${shard.count} shards`);
  }
}

/**
 * The contiguous patient-index range [first, end) of a shard: shards 0..N-1 tile 0..patients-1 in
 * order, which is what makes their files concatenate into the single-run files.
 */
export function shardRange(patients: number, shard: Shard): { first: number; end: number } {
  return {
    first: Math.floor((shard.index * patients) / shard.count),
    end: Math.floor(((shard.index + 1) * patients) / shard.count),
  };
}
