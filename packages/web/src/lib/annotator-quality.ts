import type { AnnotatorStatus } from "@quorum/core";
import type { AnnotatorQualityView } from "@quorum/server";
import { i18n, type Translate } from "../i18n/instance.js";

export type QualitySortKey =
  | "name"
  | "vendor"
  | "judgments"
  | "goldAccuracy"
  | "agreement"
  | "kappa"
  | "fastShare"
  | "status";

/** The status word for people, and how loud it is. */
export const STATUS_INFO: Record<AnnotatorStatus, { label: string; tone: "good" | "warn" | "bad" | "info" }> = {
  ok: { label: "OK", tone: "good" },
  paused: { label: "Paused", tone: "bad" },
  retrain: { label: "Retraining", tone: "warn" },
  flagged: { label: "Flagged", tone: "warn" },
};

/** Severity order for sorting by status: the ones needing a look first. */
const STATUS_RANK: Record<AnnotatorStatus, number> = { paused: 0, retrain: 1, flagged: 2, ok: 3 };

function fastShare(a: AnnotatorQualityView): number | null {
  return a.judgments > 0 ? a.fastAnswers / a.judgments : null;
}

function sortValue(a: AnnotatorQualityView, key: QualitySortKey): string | number | null {
  switch (key) {
    case "name":
      return a.name;
    case "vendor":
      return a.vendor;
    case "judgments":
      return a.judgments;
    case "goldAccuracy":
      return a.goldAccuracy.n > 0 ? a.goldAccuracy.estimate : null;
    case "agreement":
      return a.agreementWithAggregate?.estimate ?? null;
    case "kappa":
      return a.kappa?.kappa ?? null;
    case "fastShare":
      return fastShare(a);
    case "status":
      return STATUS_RANK[a.status];
  }
}

/**
 * Sorts a copy. Rows without a value (no gold answered yet, no vendor) go last whichever the
 * direction; ties fall back to most judgments, then id, so the order is stable.
 */
export function sortAnnotatorQuality(
  rows: AnnotatorQualityView[],
  key: QualitySortKey,
  direction: "asc" | "desc",
): AnnotatorQualityView[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    let order = 0;
    if (x !== null && y !== null)
      order = typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : Number(x) - Number(y);
    if (order !== 0) return sign * order;
    return b.judgments - a.judgments || a.id - b.id;
  });
}

export interface QualityFilter {
  /** Case-insensitive part of the name or vendor. */
  text: string;
  /** "attention": any status but ok. */
  status: "all" | "attention" | AnnotatorStatus;
  /** Only rows whose gold accuracy interval lies wholly below this (e.g. 0.8), when set. */
  below: number | null;
}

export function filterAnnotatorQuality(rows: AnnotatorQualityView[], filter: QualityFilter): AnnotatorQualityView[] {
  const text = filter.text.trim().toLowerCase();
  return rows.filter(
    (a) =>
      (text === "" || a.name.toLowerCase().includes(text) || (a.vendor ?? "").toLowerCase().includes(text)) &&
      (filter.status === "all" || (filter.status === "attention" ? a.status !== "ok" : a.status === filter.status)) &&
      (filter.below === null || (a.goldAccuracy.n > 0 && a.goldAccuracy.high < filter.below)),
  );
}

/** "3 of 120 judgments (3%)" style figure for answers faster than the project's minimum. */
export function fastAnswerShare(a: AnnotatorQualityView): number | null {
  return fastShare(a);
}

/** A quality action as people read it: automatic rules write "pause"/"flag", managers "paused"/"flagged"/"resume". */
export function actionLabel(action: string, t: Translate = i18n.t): string {
  switch (action) {
    case "pause":
    case "paused":
      return t("console.annotatorQuality.actionNames.paused");
    case "retrain":
      return t("console.annotatorQuality.actionNames.retrain");
    case "flag":
    case "flagged":
      return t("console.annotatorQuality.actionNames.flagged");
    case "resume":
    case "ok":
      return t("console.annotatorQuality.actionNames.ok");
    default:
      return action;
  }
}
