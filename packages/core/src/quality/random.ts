/** A source of uniform random numbers in [0, 1), like `Math.random` but reproducible. */
export type Random = () => number;

/**
 * mulberry32: a tiny 32-bit seeded PRNG (period 2^32). Good enough for shuffles, tie-breaks and
 * simulations; not for cryptography. The same seed always gives the same sequence.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** An array or typed array that can be written in place. */
export interface MutableList<T> {
  length: number;
  [index: number]: T;
}

/** Fisher-Yates shuffle of `items` in place (uniform over permutations). */
export function shuffleInPlace<T>(items: MutableList<T>, random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const held = items[i]!;
    items[i] = items[j]!;
    items[j] = held;
  }
}

/** A standard normal draw by the Box-Muller transform (one of the pair; the other is dropped for simplicity). */
export function standardNormal(random: Random): number {
  const u = 1 - random(); // in (0, 1], so the logarithm is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Mixes several integers into one 32-bit seed, so that related streams (per annotator, per run) do not correlate. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}
