import { mulberry32, shuffleInPlace } from "../quality/random.js";

/**
 * The items of one exam attempt: `length` of the gold task ids, in an order drawn from `seed`
 * (the same seed gives the same order, so an attempt can be replayed), never one twice.
 * The ids are sorted first, so the order depends on the seed and the set, not on how the
 * database listed them.
 */
export function planExamItems(goldTaskIds: readonly number[], seed: number, length: number): number[] {
  const items = [...new Set(goldTaskIds)].sort((a, b) => a - b);
  shuffleInPlace(items, mulberry32(seed));
  return items.slice(0, Math.max(0, length));
}
