import type { AnnotatorStatsView } from "@quorum/server";
import { wilsonInterval } from "./quality.js";

/** One row of the console's per-annotator table, with derived figures. */
export interface AnnotatorRow extends AnnotatorStatsView {
  /** Average active seconds per judgment (AHT), null before the first judgment. */
  secondsPerJudgment: number | null;
  /** Gold accuracy, null before the first gold answer. */
  goldAccuracy: number | null;
  goldInterval: { low: number; high: number } | null;
}

export type AnnotatorSortKey = "name" | "judgments" | "activeMs" | "secondsPerJudgment" | "goldAccuracy" | "lastHour";

export function annotatorRows(stats: AnnotatorStatsView[]): AnnotatorRow[] {
  return stats.map((a) => ({
    ...a,
    secondsPerJudgment: a.judgments > 0 ? a.activeMs / a.judgments / 1000 : null,
    goldAccuracy: a.goldAnswered > 0 ? a.goldCorrect / a.goldAnswered : null,
    goldInterval: wilsonInterval(a.goldCorrect, a.goldAnswered),
  }));
}

/** Sorts a copy; rows without a value (null) always go last, whichever the direction. */
export function sortAnnotatorRows(
  rows: AnnotatorRow[],
  key: AnnotatorSortKey,
  direction: "asc" | "desc",
): AnnotatorRow[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null && y === null) return a.id - b.id;
    if (x === null) return 1;
    if (y === null) return -1;
    const order = typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : Number(x) - Number(y);
    return order === 0 ? a.id - b.id : sign * order;
  });
}

export interface AnnotatorFilter {
  /** Case-insensitive part of the name. */
  text: string;
  /** Only rows whose gold accuracy is below this ratio (e.g. 0.8), when set. */
  maxAccuracy: number | null;
  /** Only annotators who worked in the last hour. */
  activeNow: boolean;
}

export function filterAnnotatorRows(rows: AnnotatorRow[], filter: AnnotatorFilter): AnnotatorRow[] {
  const text = filter.text.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (text === "" || r.name.toLowerCase().includes(text)) &&
      (filter.maxAccuracy === null || (r.goldAccuracy !== null && r.goldAccuracy < filter.maxAccuracy)) &&
      (!filter.activeNow || r.lastHour > 0),
  );
}
