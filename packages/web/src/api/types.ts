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
