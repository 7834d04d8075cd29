import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { DB } from "../schema.js";

export type AppealStatus = "pending" | "upheld" | "rejected";

export async function insertAppeal(
  db: Kysely<DB>,
  appeal: {
    projectId: number;
    judgmentId: number;
    taskId: number;
    annotatorId: number;
    kind: string;
    reason: string;
    filedAt: number;
    decideDueAt: number;
  },
): Promise<number> {
  const row = await db
    .insertInto("appeals")
    .values({
      project_id: appeal.projectId,
      judgment_id: appeal.judgmentId,
      task_id: appeal.taskId,
      annotator_id: appeal.annotatorId,
      kind: appeal.kind,
      reason: appeal.reason,
      status: "pending",
      filed_at: appeal.filedAt,
      decide_due_at: appeal.decideDueAt,
      decided_by: null,
      decided_at: null,
      decision_note: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Decides a pending appeal; false when it was no longer pending. */
export async function markAppealDecided(
  db: Kysely<DB>,
  options: {
    projectId: number;
    appealId: number;
    status: "upheld" | "rejected";
    by: number;
    note: string | null;
    now: number;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("appeals")
    .set({ status: options.status, decided_by: options.by, decided_at: options.now, decision_note: options.note })
    .where("project_id", "=", options.projectId)
    .where("id", "=", options.appealId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface AppealFilter {
  projectId?: number;
  appealId?: number;
  annotatorId?: number;
  annotatorIds?: readonly number[];
  status?: AppealStatus;
  /** Only pending appeals past their decision time at this time. */
  overdueAt?: number;
}

/** Appeals, newest first (at most 200), with the judgment's answer and the people's names. */
export async function listAppeals(db: Kysely<DB>, filter: AppealFilter) {
  let query = db
    .selectFrom("appeals")
    .innerJoin("users", "users.id", "appeals.annotator_id")
    .leftJoin("users as decider", "decider.id", "appeals.decided_by")
    .leftJoin("projects", "projects.id", "appeals.project_id")
    .innerJoin("judgments", (join) =>
      join.onRef("judgments.project_id", "=", "appeals.project_id").onRef("judgments.id", "=", "appeals.judgment_id"),
    )
    .select([
      "appeals.project_id",
      "projects.name as project_name",
      "appeals.id",
      "appeals.judgment_id",
      "appeals.task_id",
      "appeals.annotator_id",
      "users.name",
      "appeals.kind",
      "appeals.reason",
      "appeals.status",
      "appeals.filed_at",
      "appeals.decide_due_at",
      "appeals.decided_by",
      "decider.name as decider_name",
      "appeals.decided_at",
      "appeals.decision_note",
      "judgments.value",
    ])
    .orderBy("appeals.id", "desc")
    .limit(200);
  if (filter.projectId !== undefined) query = query.where("appeals.project_id", "=", filter.projectId);
  if (filter.appealId !== undefined) query = query.where("appeals.id", "=", filter.appealId);
  if (filter.annotatorId !== undefined) query = query.where("appeals.annotator_id", "=", filter.annotatorId);
  if (filter.annotatorIds !== undefined)
    query =
      filter.annotatorIds.length === 0
        ? query.where(sql<boolean>`1 = 0`)
        : query.where("appeals.annotator_id", "in", [...filter.annotatorIds]);
  if (filter.status) query = query.where("appeals.status", "=", filter.status);
  if (filter.overdueAt !== undefined)
    query = query.where("appeals.status", "=", "pending").where("appeals.decide_due_at", "<", filter.overdueAt);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    projectName: r.project_name ?? "",
    judgmentId: r.judgment_id,
    taskId: r.task_id,
    annotatorId: r.annotator_id,
    annotatorName: r.name,
    kind: r.kind as "review" | "gold",
    reason: r.reason,
    status: r.status as AppealStatus,
    value: JSON.parse(r.value) as unknown,
    filedAt: r.filed_at,
    decideDueAt: r.decide_due_at,
    decidedBy: r.decided_by,
    deciderName: r.decider_name,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
  }));
}

export type AppealRow = Awaited<ReturnType<typeof listAppeals>>[number];

/**
 * An annotator's judgments rejected by a review or a gold answer since `since` and not appealed
 * yet, newest first (100): what they may still appeal.
 */
export async function listAppealableJudgments(db: Kysely<DB>, annotatorId: number, since: number) {
  const rows = await db
    .selectFrom("judgments")
    .innerJoin("projects", "projects.id", "judgments.project_id")
    .leftJoin("appeals", (join) =>
      join.onRef("appeals.project_id", "=", "judgments.project_id").onRef("appeals.judgment_id", "=", "judgments.id"),
    )
    .select([
      "judgments.project_id",
      "projects.name",
      "judgments.id",
      "judgments.task_id",
      "judgments.value",
      "judgments.verdict_reason",
      "judgments.verdict_at",
    ])
    .where("judgments.annotator_id", "=", annotatorId)
    .where("judgments.verdict", "=", "rejected")
    .where("judgments.verdict_reason", "in", ["review", "gold"])
    .where("judgments.verdict_at", ">=", since)
    .where("appeals.id", "is", null)
    .orderBy("judgments.verdict_at", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    projectId: r.project_id,
    projectName: r.name,
    judgmentId: r.id,
    taskId: r.task_id,
    value: JSON.parse(r.value) as unknown,
    kind: r.verdict_reason as "review" | "gold",
    rejectedAt: r.verdict_at ?? 0,
  }));
}
