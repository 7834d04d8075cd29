import { wilsonInterval } from "../quality/index.js";

/** A proportion with its 95% Wilson interval; `estimate` is null when `n` is 0. */
export interface IntervalEstimate {
  estimate: number | null;
  low: number;
  high: number;
  n: number;
}

export function intervalEstimate(successes: number, trials: number): IntervalEstimate {
  const w = wilsonInterval(successes, trials, 0.95);
  return { estimate: trials > 0 ? w.estimate : null, low: w.lower, high: w.upper, n: trials };
}
