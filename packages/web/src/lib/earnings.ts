import type { EarningsResponse } from "@quorum/server";

export interface EarningsDayRow {
  day: string;
  currency: string;
  exponent: number;
  payMinor: number;
  activeMs: number;
  judgments: number;
  /** Pay ÷ active time, per hour, in minor units; null without active time. */
  hourlyWageMinor: number | null;
  /** The day's pay by project (project id, null for pay outside projects). */
  projects: { projectId: number | null; payMinor: number }[];
}

/**
 * The earnings page's rows: one per day and currency (newest first), with that day's pay split
 * by project and its effective hourly wage.
 */
export function earningsByDay(days: EarningsResponse["days"]): EarningsDayRow[] {
  const rows = new Map<string, EarningsDayRow>();
  for (const entry of days) {
    const key = `${entry.day} ${entry.currency}`;
    const row = rows.get(key) ?? {
      day: entry.day,
      currency: entry.currency,
      exponent: entry.fractionDigits,
      payMinor: 0,
      activeMs: 0,
      judgments: 0,
      hourlyWageMinor: null,
      projects: [],
    };
    row.payMinor += entry.payMinor;
    row.activeMs += entry.activeMs;
    row.judgments += entry.judgments;
    row.projects.push({ projectId: entry.projectId, payMinor: entry.payMinor });
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((row) => ({
      ...row,
      hourlyWageMinor: row.activeMs > 0 ? (row.payMinor * 3_600_000) / row.activeMs : null,
      projects: row.projects.sort((a, b) => b.payMinor - a.payMinor),
    }))
    .sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : a.currency.localeCompare(b.currency)));
}
