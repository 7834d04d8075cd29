import { invalidInput } from "../errors.js";
import { applyBasisPoints, divideHalfEven } from "./money.js";
import type { RateCard } from "./rate-card.js";

const HOUR_MS = 3_600_000n;

/**
 * The price of one piece of work in integer minor units of `currency`: `base` is the
 * annotator's pay, `fee` the platform fee and `markup` the vendor markup on it; `total` is
 * exactly `base + fee + markup`.
 */
export interface PricedWork {
  currency: string;
  base: number;
  fee: number;
  markup: number;
  total: number;
}

function checkActiveMs(activeMs: number): void {
  if (!(Number.isSafeInteger(activeMs) && activeMs >= 0))
    throw invalidInput("activeMs must be a non-negative integer (milliseconds)");
}

/**
 * Rounding rule (all prices): the pay is computed exactly as per-unit pay + hourly pay × active
 * hours and rounded once, half to even, to a minor unit; the fee and the markup are each that
 * rounded pay × their basis points / 10,000, rounded half to even. The total is the sum of the
 * three rounded components, so the parts always add up to it and each can be recomputed from
 * the ledger's pay row alone.
 */
function price(card: RateCard, perUnitMinor: number, perHourMinor: number, activeMs: number): PricedWork {
  checkActiveMs(activeMs);
  const base = divideHalfEven(BigInt(perUnitMinor) * HOUR_MS + BigInt(perHourMinor) * BigInt(activeMs), HOUR_MS);
  const fee = applyBasisPoints(base, card.platformFeeBps);
  const markup = applyBasisPoints(base, card.vendorMarkupBps);
  return { currency: card.currency, base, fee, markup, total: base + fee + markup };
}

/**
 * Prices one judgment by `card` (see the rounding rule on `price`): pay per judgment plus pay
 * per active hour. A judgment rejected in review costs nothing when the card does not pay
 * rejected work (`payRejected` false); so does a missed gold answer the annotator is told about
 * (`goldAnswerPricedAsRejected` says which gold answers are priced as rejected).
 */
export function priceJudgment(card: RateCard, work: { activeMs: number; rejected: boolean }): PricedWork {
  if (work.rejected && !card.payRejected) {
    checkActiveMs(work.activeMs);
    return { currency: card.currency, base: 0, fee: 0, markup: 0, total: 0 };
  }
  return price(card, card.payPerJudgmentMinor, card.payPerActiveHourMinor, work.activeMs);
}

/** Prices one review: review pay per review plus review pay per active hour. */
export function priceReview(card: RateCard, work: { activeMs: number }): PricedWork {
  return price(card, card.reviewPayPerReviewMinor, card.reviewPayPerHourMinor, work.activeMs);
}

/** Prices paid training or an exam: training pay per hour of active time. */
export function priceTraining(card: RateCard, work: { activeMs: number }): PricedWork {
  return price(card, 0, card.trainingPayPerHourMinor, work.activeMs);
}
