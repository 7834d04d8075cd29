import {
  annotatorActionReason,
  appealableByJudgment,
  controlKindOf,
  type GoldFeedbackPolicy,
  isAppealableAction,
  parseGoldPolicy,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { listAppealableActions, listAppealableJudgments } from "../repositories/appeals.js";
import type { DB } from "../schema.js";
import { readSupportPolicy } from "./read-support-policy.js";

const DAY_MS = 86_400_000;
/** The read goes back a year (the longest window a policy allows); each project's own window then filters. */
const LONGEST_WINDOW_MS = 365 * DAY_MS;

export interface AppealableJudgmentRow {
  projectId: number;
  projectName: string;
  judgmentId: number;
  taskId: number;
  value: unknown;
  kind: "review" | "gold";
  rejectedAt: number;
  closesAt: number;
}

export interface AppealableActionRow {
  projectId: number;
  projectName: string;
  qualityActionId: number;
  action: string;
  createdAt: number;
  closesAt: number;
  /** Why, as the annotator may read it (`annotatorActionReason`: no gold counts unless they are told about hidden controls). */
  reason: string;
}

/**
 * What an annotator may still appeal at `now`, inside each project's filing window: their
 * judgments rejected by a review or a gold answer, less the gold answers they were given no
 * feedback on (hidden controls, core's `givesGoldFeedback`: listing one would tell that the task
 * was a control, and on a two-option task its gold answer), and the automatic quality actions
 * taken on them, which they may contest without any task being named.
 */
export async function listAppealable(
  db: Kysely<DB>,
  annotatorId: number,
  now: number,
): Promise<{ judgments: AppealableJudgmentRow[]; actions: AppealableActionRow[] }> {
  const since = now - LONGEST_WINDOW_MS;
  const [judgmentRows, actionRows] = [
    await listAppealableJudgments(db, annotatorId, since),
    await listAppealableActions(db, annotatorId, since),
  ];
  const windows = new Map<number, number>();
  const windowOf = async (projectId: number) => {
    if (!windows.has(projectId))
      windows.set(projectId, (await readSupportPolicy(db, projectId)).appealFileDays * DAY_MS);
    return windows.get(projectId)!;
  };
  const feedbacks = new Map<string, GoldFeedbackPolicy>();
  const feedbackOf = (goldPolicy: string) => {
    if (!feedbacks.has(goldPolicy)) feedbacks.set(goldPolicy, parseGoldPolicy(JSON.parse(goldPolicy)).feedback);
    return feedbacks.get(goldPolicy)!;
  };
  const judgments: AppealableJudgmentRow[] = [];
  for (const { servedAs, goldPolicy, ...row } of judgmentRows) {
    const closesAt = row.rejectedAt + (await windowOf(row.projectId));
    if (closesAt < now) continue;
    if (!appealableByJudgment(row.kind, feedbackOf(goldPolicy), controlKindOf(servedAs))) continue;
    judgments.push({ ...row, closesAt });
  }
  const actions: AppealableActionRow[] = [];
  for (const { goldPolicy, ...row } of actionRows) {
    const closesAt = row.createdAt + (await windowOf(row.projectId));
    if (closesAt < now || !isAppealableAction({ ...row, actorId: null, reversedAt: null })) continue;
    actions.push({ ...row, closesAt, reason: annotatorActionReason(row.reason, feedbackOf(goldPolicy)) });
  }
  return { judgments, actions };
}
