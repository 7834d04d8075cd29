import type { ScorecardView } from "@quorum/server";

const WEEK = 7 * 86_400_000;

/**
 * The weekly trend as chart columns: week starts (seconds, UTC midnight of the local Monday) and
 * the series, over `span` weeks up to the last one with data; weeks without work are gaps (no
 * judgments), so one busy week does not stretch the time axis over years.
 */
export function weeklySeries(given: ScorecardView["weeks"], span = 12) {
  const last = given.at(-1);
  const byWeek = new Map(given.map((w) => [w.week, w]));
  const weeks: ((typeof given)[number] | { week: string; empty: true })[] = [];
  if (last) {
    const end = Date.parse(`${last.week}T00:00:00Z`);
    const first = Math.min(Date.parse(`${given[0]!.week}T00:00:00Z`), end - (span - 1) * WEEK);
    for (let at = first; at <= end; at += WEEK) {
      const key = new Date(at).toISOString().slice(0, 10);
      weeks.push(byWeek.get(key) ?? { week: key, empty: true });
    }
  }
  const value = <T>(w: (typeof weeks)[number], pick: (x: (typeof given)[number]) => T): T | null =>
    "empty" in w ? null : pick(w);
  return {
    times: weeks.map((w) => Date.parse(`${w.week}T00:00:00Z`) / 1000),
    judgments: weeks.map((w) => value(w, (x) => x.judgments) ?? 0),
    accuracy: weeks.map((w) => value(w, (x) => x.gold.accuracy)),
    lower: weeks.map((w) => value(w, (x) => (x.gold.answered > 0 ? x.gold.lower : null))),
    upper: weeks.map((w) => value(w, (x) => (x.gold.answered > 0 ? x.gold.upper : null))),
    utilisation: weeks.map((w) => value(w, (x) => x.utilisation)),
  };
}

/** The tier change that may be undone (the server's rule): the newest one still in force; changes come newest first. */
export function undoableChange(changes: ScorecardView["tierChanges"]): number | undefined {
  return changes.find((c) => c.reversedAt === null)?.id;
}
