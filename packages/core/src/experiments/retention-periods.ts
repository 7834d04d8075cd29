const WEEK_MS = 7 * 86_400_000;

/** The two periods of an experiment's window that retention compares. */
export interface RetentionPeriods {
  /** The first period is [from, firstEnd). */
  firstEnd: number;
  /** The last period is [lastStart, to). */
  lastStart: number;
}

/**
 * Retention compares the first and the last period of the window [from, to), each
 * P = min(7 days, half the window) long: the first is [from, from + P), the last [to − P, to).
 * A unit (an annotator) is active in a period when they gave a judgment in the project in it.
 * Its metric is retained / active-first: numerator 1 when active in both periods, denominator 1
 * when active in the first; so an arm's value, Σ numerators / Σ denominators, is the share of
 * its annotators active in the first period who are active in the last. A week keeps weekly
 * rhythms out of the comparison on long experiments; halves keep the periods apart on short ones.
 */
export function retentionPeriods(from: number, to: number): RetentionPeriods {
  const period = Math.min(WEEK_MS, Math.floor((to - from) / 2));
  return { firstEnd: from + period, lastStart: to - period };
}
