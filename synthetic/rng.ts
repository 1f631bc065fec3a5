import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * One independent PRNG stream per (seed, patient index): a patient's content never depends on how
 * many patients came before it, so shard i of N produces exactly the bytes a single run writes for
 * that index range, and no stream is ever skipped or jumped.
 */
export function patientStream(seed: number, index: number): PatientRandom {
  const seedLo = seed >>> 0;
  const seedHi = Math.floor(seed / 0x100000000) >>> 0;
  const indexLo = index >>> 0;
  const indexHi = Math.floor(index / 0x100000000) >>> 0;
  const state: number[] = [];
  for (let word = 0; word < 4; word++) {
    let h = mix32(0x9e3779b9 * (word + 1) ^ seedLo);
    h = mix32(h ^ seedHi);
    h = mix32(h ^ indexLo);
    h = mix32(h ^ indexHi);
    state.push(h);
  }
  // The all-zero state is xoroshiro's one fixed point; the mixer makes it vanishingly unlikely.
  if (!state.some((w) => w !== 0)) state[0] = 1;
  return new PatientRandom(xoroshiro128plusFromState(state));
}

/** murmur3's 32-bit finaliser: full avalanche, so neighbouring indices get unrelated states. */
function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export class PatientRandom {
  readonly #rng: RandomGenerator;

  constructor(rng: RandomGenerator) {
    this.#rng = rng;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.#rng);
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream's consumption fixed). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index into cumulative weights (ascending, last = total). */
  weighted(cumulative: readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const x = this.next() * total;
    for (let i = 0; i < cumulative.length; i++) if (x < (cumulative[i] as number)) return i;
    return cumulative.length - 1;
  }
}

export function cumulate(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}
