import { type IntervalEstimate, intervalEstimate } from "./interval-estimate.js";

export const DAY_MS = 86_400_000;

/** An hour of the project's activity roll-up (start of the hour in epoch ms). */
export interface ActivityHour {
  hour: number;
  judgments: number;
  goldAnswered: number;
  goldCorrect: number;
}

/** The first UTC day of a trend of `days` days ending today. */
export function trendStart(now: number, days: number): number {
  return Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
}

/** Judgments and gold accuracy per UTC day from `trendStart(now, days)` to today, empty days included. */
export function goldTrend(
  hours: readonly ActivityHour[],
  now: number,
  days: number,
): { day: string; judgments: number; goldAccuracy: IntervalEstimate }[] {
  const byDay = new Map<number, { answered: number; correct: number; judgments: number }>();
  for (const h of hours) {
    const day = Math.floor(h.hour / DAY_MS) * DAY_MS;
    const entry = byDay.get(day) ?? { answered: 0, correct: 0, judgments: 0 };
    entry.answered += h.goldAnswered;
    entry.correct += h.goldCorrect;
    entry.judgments += h.judgments;
    byDay.set(day, entry);
  }
  const trend = [];
  for (let day = trendStart(now, days); day <= now; day += DAY_MS) {
    const entry = byDay.get(day) ?? { answered: 0, correct: 0, judgments: 0 };
    trend.push({
      day: new Date(day).toISOString().slice(0, 10),
      judgments: entry.judgments,
      goldAccuracy: intervalEstimate(entry.correct, entry.answered),
    });
  }
  return trend;
}
