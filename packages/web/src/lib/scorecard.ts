import type { ScorecardView } from "@quorum/server";

/** The weekly trend as chart columns: week starts (seconds, UTC midnight of the local Monday) and the series. */
export function weeklySeries(weeks: ScorecardView["weeks"]) {
  return {
    times: weeks.map((w) => Date.parse(`${w.week}T00:00:00Z`) / 1000),
    judgments: weeks.map((w) => w.judgments),
    accuracy: weeks.map((w) => w.gold.accuracy),
    lower: weeks.map((w) => (w.gold.answered > 0 ? w.gold.lower : null)),
    upper: weeks.map((w) => (w.gold.answered > 0 ? w.gold.upper : null)),
    utilisation: weeks.map((w) => w.utilisation),
  };
}

/** The tier change that may be undone (the server's rule): the newest one still in force; changes come newest first. */
export function undoableChange(changes: ScorecardView["tierChanges"]): number | undefined {
  return changes.find((c) => c.reversedAt === null)?.id;
}
