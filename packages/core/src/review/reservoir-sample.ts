import { type Random, randomInt, shuffleInPlace } from "../quality/random.js";

/** A uniform random sample of at most `capacity` items from a stream of unknown length. */
export interface Reservoir<T> {
  /** Considers the next item of the stream. */
  offer(item: T): void;
  /** How many items have been offered: the size of the population. */
  readonly seen: number;
  /**
   * The kept items (`min(capacity, seen)` of them) in uniformly random order, so any prefix is
   * itself a uniform random sample of that size (used to take n ≤ capacity once the population is
   * known, with the rest as spares).
   */
  drain(): T[];
}

/**
 * Reservoir sampling, Vitter's algorithm R: one pass over a stream, memory O(capacity), and every
 * subset of `capacity` items equally likely to be kept, whatever the stream's length or order.
 * Lets an audit draw its sample while counting the population, without holding all task ids.
 * `random` should be seeded for reproducibility in tests; quality depends on it being uniform.
 */
export function createReservoir<T>(capacity: number, random: Random): Reservoir<T> {
  if (!(Number.isInteger(capacity) && capacity >= 0)) throw new RangeError("capacity must be a whole number ≥ 0");
  const kept: T[] = [];
  let seen = 0;
  return {
    offer(item) {
      seen++;
      if (kept.length < capacity) kept.push(item);
      else {
        const slot = randomInt(random, seen);
        if (slot < capacity) kept[slot] = item;
      }
    },
    get seen() {
      return seen;
    },
    drain() {
      const items = kept.slice();
      shuffleInPlace(items, random);
      return items;
    },
  };
}
