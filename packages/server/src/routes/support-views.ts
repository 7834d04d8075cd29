import {
  annotatorActionReason,
  appealableByJudgment,
  inPeopleScope,
  parseGoldPolicy,
  peopleScope,
  type SupportPolicy,
  slaState,
  type User,
} from "@quorum/core";
import {
  type AppealableActionRow,
  type AppealableJudgmentRow,
  type AppealRow,
  type countQuestionsBySection,
  type listSupportMessages,
  listUsers,
  type MissedGold,
  type SupportThreadRow,
} from "@quorum/storage";
import type { Context } from "hono";
import type { AppEnv } from "../context.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A support thread as the API shows it, with where it stands against its first-response SLA. */
export function threadView(row: SupportThreadRow, now: number) {
  const sla = slaState({ dueAt: row.dueAt, firstResponseAt: row.firstResponseAt }, now);
  return {
    ...row,
    createdAt: row.createdAt ?? new Date(0).toISOString(),
    dueAt: new Date(row.dueAt).toISOString(),
    firstResponseAt: iso(row.firstResponseAt),
    resolvedAt: iso(row.resolvedAt),
    sla: { breached: sla.breached, remainingMs: sla.remainingMs },
  };
}
export type ThreadView = ReturnType<typeof threadView>;

/** A hidden-check miss behind an automatic action, as staff deciding its appeal read it. */
export type AppealMiss = Omit<MissedGold, "answeredAt"> & {
  answeredAt: string;
};

/**
 * An appeal as the API shows it; `overdue` while pending past its decision time. To a viewer who
 * may read gold (`seesGold`) everything, with an action appeal's full reason and the gold misses
 * behind it (`misses`). To others (the annotator, their vendor lead) an action's reason in the
 * annotator's wording (`annotatorActionReason`), and an appeal of a miss the annotator is no
 * longer told of (filed by judgment before hidden controls' misses were withheld: see
 * `appealableByJudgment`) names no task, judgment or answer: `taskId` null on a judgment's
 * appeal reads as "an answer checked by quality control".
 */
export function appealView(row: AppealRow, now: number, viewer: { seesGold: boolean; misses?: MissedGold[] }) {
  const { goldPolicy, qualityAction, servedAs, ...appeal } = row;
  const feedback = parseGoldPolicy(JSON.parse(goldPolicy)).feedback;
  const action = qualityAction && {
    ...qualityAction,
    reason: viewer.seesGold ? qualityAction.reason : annotatorActionReason(qualityAction.reason, feedback),
    createdAt: new Date(qualityAction.createdAt).toISOString(),
    reversedAt: iso(qualityAction.reversedAt),
  };
  const named = viewer.seesGold || appealableByJudgment(appeal.kind, feedback, servedAs);
  return {
    ...appeal,
    ...(named ? {} : { judgmentId: null, taskId: null, value: null }),
    qualityAction: action,
    ...(viewer.misses && qualityAction
      ? {
          misses: viewer.misses.map((m): AppealMiss => ({ ...m, answeredAt: new Date(m.answeredAt).toISOString() })),
        }
      : {}),
    filedAt: new Date(row.filedAt).toISOString(),
    decideDueAt: new Date(row.decideDueAt).toISOString(),
    decidedAt: iso(row.decidedAt),
    overdue: row.status === "pending" && now > row.decideDueAt,
  };
}
export type AppealView = ReturnType<typeof appealView>;

/**
 * Whose threads and appeals the caller may list: an annotator their own, a vendor lead their own
 * people's (read only), staff who work reviews or read projects everyone's. Null means everyone.
 */
export async function supportScope(
  c: Context<AppEnv>,
  user: User,
): Promise<{ annotatorId: number } | { annotatorIds: number[] } | null> {
  if (user.role === "annotator") return { annotatorId: user.id };
  const scope = peopleScope(user);
  if (scope.kind === "everyone") return null;
  const people = await listUsers(c.get("deps").database.db);
  return { annotatorIds: people.filter((p) => inPeopleScope(scope, p)).map((p) => p.id) };
}

/** Whether the caller may read the thread or appeal of `annotatorId` (same rule as `supportScope`). */
export function inSupportScope(scope: Awaited<ReturnType<typeof supportScope>>, annotatorId: number): boolean {
  if (scope === null) return true;
  if ("annotatorId" in scope) return scope.annotatorId === annotatorId;
  return scope.annotatorIds.includes(annotatorId);
}

/** `GET /support/threads` and the thread list of a project. */
export interface ThreadList {
  threads: ThreadView[];
  /** The id to send as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}
/** One reply in a thread. */
export type SupportMessageView = Awaited<ReturnType<typeof listSupportMessages>>[number];
/** `GET /projects/{id}/questions/{questionId}`. */
export interface ThreadDetail {
  thread: ThreadView;
  messages: SupportMessageView[];
}
/** `GET /support/appeals`. */
export interface AppealList {
  appeals: AppealView[];
}
/** `GET /support/appealable`: a rejected judgment the caller may still appeal. */
export type AppealableJudgment = Omit<AppealableJudgmentRow, "rejectedAt" | "closesAt"> & {
  rejectedAt: string;
  closesAt: string;
};
/** `GET /support/appealable`: an automatic action taken on the caller they may still appeal (no task named). */
export type AppealableAction = Omit<AppealableActionRow, "createdAt" | "closesAt"> & {
  createdAt: string;
  closesAt: string;
};
export interface AppealableList {
  judgments: AppealableJudgment[];
  actions: AppealableAction[];
}

/** The appealable judgments and actions with their times as ISO strings. */
export function appealableView(rows: { judgments: AppealableJudgmentRow[]; actions: AppealableActionRow[] }) {
  const isoOf = (ms: number) => new Date(ms).toISOString();
  return {
    judgments: rows.judgments.map(
      (r): AppealableJudgment => ({ ...r, rejectedAt: isoOf(r.rejectedAt), closesAt: isoOf(r.closesAt) }),
    ),
    actions: rows.actions.map(
      (r): AppealableAction => ({ ...r, createdAt: isoOf(r.createdAt), closesAt: isoOf(r.closesAt) }),
    ),
  } satisfies AppealableList;
}
/** `GET /projects/{id}/support/hot-spots`. */
export interface HotSpots {
  cells: Awaited<ReturnType<typeof countQuestionsBySection>>;
  sections: { name: string | null; total: number }[];
  labels: { name: string | null; total: number }[];
}
/** `GET /projects/{id}/support/settings` and `/support/settings`: the policy in force. */
export interface SupportSettingsView {
  policy: SupportPolicy;
}
