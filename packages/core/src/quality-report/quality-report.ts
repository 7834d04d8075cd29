import { labelKey, schemaClasses } from "../label-schema.js";
import type { OverlapSetting } from "../policy/index.js";
import type { Project } from "../project.js";
import { type AgreementReport, agreementReport } from "./agreement-report.js";
import { type AnnotatorQualityRow, annotatorReport, type ReportAnnotator } from "./annotator-report.js";
import { confusionReport } from "./confusion-report.js";
import { type ActivityHour, goldTrend, trendStart } from "./gold-trend.js";
import { type IntervalEstimate, intervalEstimate } from "./interval-estimate.js";
import { labelDistribution } from "./label-distribution.js";
import type { KeyedAnswer, ReportAnswer } from "./report-answer.js";

/** Agreement and confusion read at most this many recent judgments (a window, not the whole history). */
export const AGREEMENT_WINDOW = 100_000;

/** The confidence a task must reach to count as confident: the dynamic overlap's target, else 0.9. */
export function confidenceTarget(policy: OverlapSetting): number {
  return policy.mode === "dynamic" ? policy.target : 0.9;
}

/** What a quality report over `days` days must read. */
export function qualityReportScope(project: Pick<Project, "overlapPolicy">, now: number, days: number) {
  return {
    /** The most recent judgments to read. */
    judgmentLimit: AGREEMENT_WINDOW,
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
  /** The most recent judgments, newest first, at most `AGREEMENT_WINDOW`. */
  answers: readonly ReportAnswer[];
  annotators: readonly ReportAnnotator[];
  activity: readonly ActivityHour[];
  taskGroups: readonly TaskGroup[];
  now: number;
  days: number;
}

/** `GET /projects/{id}/quality`. Agreement and confusion cover the most recent `window.judgments`. */
export interface QualityReport {
  /** Class keys of single choice, rating and pairwise schemas; the answer sets seen for multi-label. */
  classes: string[];
  window: { judgments: number; limit: number };
  goldAccuracy: IntervalEstimate;
  trend: { day: string; judgments: number; goldAccuracy: IntervalEstimate }[];
  agreement: AgreementReport;
  /** Rows: the truth (gold, or the aggregate where no task has gold); columns: the answer. Empty for multi-label. */
  confusion: { against: "gold" | "aggregate"; matrix: number[][] };
  labelDistribution: { label: string; judgments: number }[];
  annotators: AnnotatorQualityRow[];
  tasks: { settled: number; uncertain: number; confidentAtTarget: number; target: number };
}

/**
 * The project's quality picture for managers (every figure traceable and with its uncertainty):
 * gold accuracy overall and per day with 95% Wilson intervals, agreement by language and guideline
 * version over the recent window, the confusion matrix against gold (or the aggregate where there
 * is no gold), label distribution, annotator quality, and settled versus uncertain tasks.
 */
export function computeQualityReport(input: QualityReportInput): QualityReport {
  const { schema } = input.project;
  const answers: KeyedAnswer[] = input.answers.map((a) => ({
    task: String(a.taskId),
    worker: String(a.annotatorId),
    label: labelKey(a.value),
    value: a.value,
    language: a.language || "any",
    version: `v${a.guidelineVersion}`,
    gold: a.gold === null ? null : labelKey(a.gold),
    aggregate: a.aggregate === null ? null : labelKey(a.aggregate),
  }));
  // Multi-label answers agree when they are the same set: the sets seen become the classes.
  const classes =
    schemaClasses(schema) ?? (schema.type === "multi_label" ? [...new Set(answers.map((a) => a.label))].sort() : []);
  const confusion = confusionReport(answers, classes);
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
  return {
    classes,
    window: { judgments: answers.length, limit: AGREEMENT_WINDOW },
    goldAccuracy: intervalEstimate(goldCorrect, goldAnswered),
    trend: goldTrend(input.activity, input.now, input.days),
    agreement: agreementReport(schema, answers, classes),
    confusion: schema.type === "multi_label" ? { against: confusion.against, matrix: [] } : confusion,
    labelDistribution: labelDistribution(
      schema,
      input.answers.map((a) => a.value),
      classes,
    ),
    annotators: annotatorReport(input.annotators, answers),
    tasks: { settled, uncertain, confidentAtTarget: confident, target },
  };
}
