/** One day's (or any period's) pay of a person in one currency. */
export interface EarningsLine {
  currency: string;
  payMinor: number;
  activeMs: number;
  judgments: number;
}

/** A person's pay, active time and judgments summed per currency, in the order currencies first appear. */
export function earningsTotals(lines: readonly EarningsLine[]): EarningsLine[] {
  const totals = new Map<string, EarningsLine>();
  for (const line of lines) {
    const total = totals.get(line.currency) ?? { currency: line.currency, payMinor: 0, activeMs: 0, judgments: 0 };
    total.payMinor += line.payMinor;
    total.activeMs += line.activeMs;
    total.judgments += line.judgments;
    totals.set(line.currency, total);
  }
  return [...totals.values()];
}
