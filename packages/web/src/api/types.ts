/**
 * The API's response shapes as the web app reads them. Views the server exports are imported
 * as types (no runtime code crosses the package boundary); the rest mirror the route handlers in
 * packages/server/src/routes.
 */
import type { AssignmentView, ProjectView, UserView } from "@quorum/server";

export type { LabelOption, LabelSchema, LabelValue, Role, TaskType } from "@quorum/core";
export type { AssignmentView, ProjectView, UserView };

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[] };
}

export interface TaskCounts {
  total: number;
  open: number;
  full: number;
  done: number;
}

export interface AnnotatorToday {
  judgments: number;
  activeMs: number;
  goldAnswered: number;
  goldCorrect: number;
}

/** `GET /projects` as staff see it. */
export type StaffProject = ProjectView & { tasks: TaskCounts };
/** `GET /projects` as an annotator sees it: what is left and their own figures today. */
export type AnnotatorProject = ProjectView & { tasks: { total: number; remaining: number }; today: AnnotatorToday };

export interface GuidelineVersion {
  version: number;
  body: string;
  createdAt: string;
  createdBy?: number | null;
}
export interface GuidelinesResponse {
  current: number;
  versions: GuidelineVersion[];
}

export interface GoldFeedback {
  correct: boolean;
  answer: unknown;
  explanation: string | null;
}
export interface JudgmentResponse {
  judgment: {
    id: number;
    assignmentId: number;
    taskId: number;
    value: unknown;
    activeMs: number;
    guidelineVersion: number;
    createdAt: string;
  };
  gold?: GoldFeedback;
}

export interface ImportError {
  line: number;
  path: string;
  message: string;
}
export interface ImportResult {
  imported: number;
  errors: ImportError[];
  batchId?: number;
}

export interface AnnotatorStats {
  id: number;
  name: string;
  judgments: number;
  activeMs: number;
  goldAnswered: number;
  goldCorrect: number;
  lastHour: number;
}
export interface ProjectStats {
  tasks: TaskCounts;
  judgments: { total: number; lastHour: number; lastDay: number };
  goldAccuracy: { answered: number; correct: number };
  timeline: { hour: string; judgments: number }[];
  annotators: AnnotatorStats[];
}

export type TaskStatus = "open" | "full" | "done";
export interface TaskRow {
  id: number;
  batchId: number;
  externalId: string | null;
  language: string | null;
  data: Record<string, unknown>;
  gold: unknown;
  priority: number;
  required: number;
  judgments: number;
  status: TaskStatus;
  aggregate: unknown;
  confidence: number | null;
  createdAt: string;
}
export interface TaskDetail extends TaskRow {
  judgmentList: {
    id: number;
    annotatorId: number;
    annotatorName: string;
    value: unknown;
    guidelineVersion: number;
    activeMs: number;
    goldCorrect: boolean | null;
    createdAt: string;
  }[];
}

/** A proportion with its 95% Wilson interval; `estimate` is null when `n` is 0. */
export interface IntervalEstimate {
  estimate: number | null;
  low: number;
  high: number;
  n: number;
}

/** Agreement among annotators over one group of judgments (null where a metric is undefined). */
export interface AgreementRow {
  group: string;
  judgments: number;
  tasks: number;
  percentAgreement: number | null;
  fleissKappa: number | null;
  alpha: number | null;
}

export type AnnotatorQualityStatus = "ok" | "paused" | "retrain" | "flagged";

export interface AnnotatorQuality {
  id: number;
  name: string;
  vendor: string | null;
  languages: string[];
  judgments: number;
  goldAccuracy: IntervalEstimate;
  agreementWithAggregate: IntervalEstimate | null;
  fastAnswers: number;
  status: AnnotatorQualityStatus;
  statusReason: string | null;
}

/** `GET /projects/{id}/quality`. Agreement and confusion cover the most recent `window.judgments`. */
export interface QualityReport {
  /** Class keys of single choice, rating and pairwise schemas; empty for the others. */
  classes: string[];
  window: { judgments: number; limit: number };
  goldAccuracy: IntervalEstimate;
  trend: { day: string; judgments: number; goldAccuracy: IntervalEstimate }[];
  agreement: { overall: AgreementRow | null; byLanguage: AgreementRow[]; byGuidelineVersion: AgreementRow[] };
  /** Rows: the truth (gold, or the aggregate where no task has gold); columns: the annotator's answer. */
  confusion: { against: "gold" | "aggregate"; matrix: number[][] };
  labelDistribution: { label: string; judgments: number }[];
  annotators: AnnotatorQuality[];
  tasks: { settled: number; uncertain: number; confidentAtTarget: number; target: number };
}

export interface RefitResult {
  tasks: number;
  judgments: number;
  iterations: number;
  method: string;
}

export interface QualityAction {
  id: number;
  annotatorId: number;
  annotatorName: string;
  action: string;
  reason: string;
  automatic: boolean;
  createdAt: string;
  reversedAt: string | null;
}

export interface AuditPlan {
  id: number;
  batchId: number | null;
  population: number;
  sampleSize: number;
  /** Only in the answer to creating a plan: the n the margin asks for. */
  requiredSampleSize?: number;
  margin: number;
  confidence: number;
  createdBy: number | null;
  createdAt: string;
}

/** An audit plan with its verdict counts and accepted accuracy (Wilson interval at the plan's confidence). */
export interface AuditSummary {
  plan: AuditPlan;
  reviewed: number;
  accepted: number;
  corrected: number;
  rejected: number;
  pending: number;
  accuracy: { estimate: number | null; low: number; high: number };
}

export type ReviewStatus = "pending" | "accepted" | "rejected" | "corrected";
export type ReviewVerdict = "accept" | "reject" | "correct";

export interface ReviewItem {
  id: number;
  projectId: number;
  taskId: number;
  source: "sample" | "disagreement" | "low_confidence" | "dispute";
  planId: number | null;
  status: ReviewStatus;
  reviewerId: number | null;
  reviewedValue: unknown;
  note: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

/** `POST /projects/{id}/reviews/next`: the claimed item with everything a reviewer needs to decide. */
export interface ReviewWork {
  item: ReviewItem;
  task: {
    id: number;
    batchId: number;
    externalId: string | null;
    language: string;
    data: Record<string, unknown>;
    gold: unknown;
    goldExplanation: string | null;
    status: string;
    judgmentCount: number;
    aggregate: { value: unknown; method: string; confidence: number | null } | null;
  };
  judgments: {
    id: number;
    annotatorId: number;
    annotatorName: string;
    value: unknown;
    guidelineVersion: number;
    activeMs: number;
    createdAt: string;
  }[];
}

export interface Question {
  id: number;
  taskId: number | null;
  annotatorId: number;
  annotatorName: string;
  text: string;
  status: "open" | "answered";
  answer: string | null;
  /** The task's data, when the question has a task attached. */
  task: Record<string, unknown> | null;
  createdAt: string;
  answeredAt: string | null;
}

/** `GET /projects/{id}/activity`: the latest judgments and logged events, newest first. */
export interface ProjectActivity {
  judgments: {
    id: number;
    taskId: number;
    annotatorId: number;
    annotatorName: string;
    value: unknown;
    activeMs: number;
    createdAt: string;
  }[];
  events: { id: number; action: string; details: unknown; actorName: string | null; createdAt: string }[];
}
