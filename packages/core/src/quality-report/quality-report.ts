import { schemaClasses } from "../label-schema.js";
import type { OverlapSetting } from "../policy/index.js";
import type { Project } from "../project.js";
import type { RollupCell } from "../quality-rollup/rollup-cell.js";
import {
  aggregateAgreementFromRollups,
  agreementFromRollups,
  answerSetsSeen,
  type CalibrationSummary,
  confusionFromRollups,
  judgmentsInRollups,
  kappaFromRollups,
  type LanguageQualityRow,
  labelDistributionFromRollups,
  languagesFromRollups,
  type PairKappaRow,
  reliabilityFromRollups,
  rollupTable,
  worstPairs,
} from "../quality-rollup/rollup-report.js";
import type { AgreementReport } from "./agreement-report.js";
import { type AnnotatorQualityRow, annotatorReport, type ReportAnnotator } from "./annotator-report.js";
import { type ActivityHour, goldTrend, trendStart } from "./gold-trend.js";
import { type IntervalEstimate, intervalEstimate } from "./interval-estimate.js";

/** The worst annotator pairs a report lists (after the caller's people scope). */
export const WORST_PAIRS = 50;

/** The confidence a task must reach to count as confident: the dynamic overlap's target, else 0.9. */
export function confidenceTarget(policy: OverlapSetting): number {
  return policy.mode === "dynamic" ? policy.target : 0.9;
}

/** What a quality report over `days` days must read besides the roll-ups. */
export function qualityReportScope(project: Pick<Project, "overlapPolicy">, now: number, days: number) {
  return {
    /** Activity hours from this time on. */
    since: trendStart(now, days),
    /** Count judged tasks at or above this confidence. */
    target: confidenceTarget(project.overlapPolicy),
  };
}

/** Judged tasks of one status, and how many reached the confidence target. */
export interface TaskGroup {
  status: string;
  tasks: number;
  confident: number;
}

export interface QualityReportInput {
  project: Pick<Project, "schema" | "overlapPolicy">;
  /** The project's quality roll-ups (every judgment, see `RollupKind`). */
  rollups: readonly RollupCell[];
  annotators: readonly ReportAnnotator[];
  activity: readonly ActivityHour[];
  taskGroups: readonly TaskGroup[];
  now: number;
  days: number;
}

/** `GET /projects/{id}/quality`: every figure over all of the project's judgments. */
export interface QualityReport {
  /** Class keys of single choice, rating and pairwise schemas; the answer sets seen for multi-label. */
  classes: string[];
  /** Judgments the report covers: all of the project's. */
  judgments: number;
  goldAccuracy: IntervalEstimate;
  trend: { day: string; judgments: number; goldAccuracy: IntervalEstimate }[];
  agreement: AgreementReport;
  /** Rows: the truth (gold, or the aggregate where no task has gold); columns: the answer. Empty for multi-label. */
  confusion: { against: "gold" | "aggregate"; matrix: number[][] };
  labelDistribution: { label: string; judgments: number }[];
  annotators: AnnotatorQualityRow[];
  /** Calibration of the task confidences on gold tasks: reliability diagram and ECE. */
  reliability: CalibrationSummary;
  /** Gold accuracy and calibration per task language. */
  languages: LanguageQualityRow[];
  /** Cohen's kappa of annotator pairs with enough tasks in common, lowest first (`pairCount` in all). */
  pairs: PairKappaRow[];
  pairCount: number;
  tasks: { settled: number; uncertain: number; confidentAtTarget: number; target: number };
}

/**
 * The project's quality picture for managers (every figure traceable and with its uncertainty),
 * read from the quality roll-ups so it covers every judgment: gold accuracy overall and per day
 * with 95% Wilson intervals, agreement by language and guideline version, the confusion matrix
 * against gold (or the aggregate where there is no gold), label distribution, annotator quality
 * with each one's kappa against the rest, the worst annotator pairs, calibration of the task
 * confidences overall and per language, and settled versus uncertain tasks.
 */
export function computeQualityReport(input: QualityReportInput): QualityReport {
  const { schema } = input.project;
  const table = rollupTable(input.rollups);
  // Multi-label answers agree when they are the same set: the sets seen become the classes.
  const classes = schemaClasses(schema) ?? (schema.type === "multi_label" ? answerSetsSeen(table) : []);
  const confusion = confusionFromRollups(table, classes);
  const target = confidenceTarget(input.project.overlapPolicy);
  let settled = 0;
  let uncertain = 0;
  let confident = 0;
  for (const group of input.taskGroups) {
    if (group.status === "done") settled += group.tasks;
    else if (group.status !== "gold") uncertain += group.tasks;
    confident += group.confident;
  }
  let goldAnswered = 0;
  let goldCorrect = 0;
  for (const a of input.annotators) {
    goldAnswered += a.goldAnswered;
    goldCorrect += a.goldCorrect;
  }
  const kappa = kappaFromRollups(table, classes);
  const pairs = worstPairs(kappa.pairs, Number.POSITIVE_INFINITY);
  return {
    classes,
    judgments: judgmentsInRollups(table),
    goldAccuracy: intervalEstimate(goldCorrect, goldAnswered),
    trend: goldTrend(input.activity, input.now, input.days),
    agreement: agreementFromRollups(schema, table, classes),
    confusion: schema.type === "multi_label" ? { against: confusion.against, matrix: [] } : confusion,
    labelDistribution: labelDistributionFromRollups(schema, table, classes),
    annotators: annotatorReport(input.annotators, aggregateAgreementFromRollups(table), kappa.annotators),
    reliability: reliabilityFromRollups(table),
    languages: languagesFromRollups(table),
    pairs,
    pairCount: pairs.length,
    tasks: { settled, uncertain, confidentAtTarget: confident, target },
  };
}

/**
 * The report as one caller may see it: annotators outside their people scope left out, pairs
 * only between people they see, at most `WORST_PAIRS` of them.
 */
export function scopedQualityReport(report: QualityReport, sees: (personId: number) => boolean): QualityReport {
  const pairs = report.pairs.filter((p) => sees(p.first) && sees(p.second));
  return {
    ...report,
    annotators: report.annotators.filter((a) => sees(a.id)),
    pairs: pairs.slice(0, WORST_PAIRS),
    pairCount: pairs.length,
  };
}
