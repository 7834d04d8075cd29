import { controlKindOf } from "@quorum/core";
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { DB } from "../schema.js";

export type AppealStatus = "pending" | "upheld" | "rejected";

export async function insertAppeal(
  db: Kysely<DB>,
  appeal: {
    projectId: number;
    /** The judgment contested, or null for an appeal of a quality action. */
    judgmentId: number | null;
    taskId: number | null;
    qualityActionId: number | null;
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
      quality_action_id: appeal.qualityActionId,
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

/**
 * Appeals, newest first (at most 200), with the people's names and what each contests: the
 * judgment's answer and how its task was served, or the quality action (its full reason: staff's view).
 */
export async function listAppeals(db: Kysely<DB>, filter: AppealFilter) {
  let query = db
    .selectFrom("appeals")
    .innerJoin("users", "users.id", "appeals.annotator_id")
    .leftJoin("users as decider", "decider.id", "appeals.decided_by")
    .leftJoin("projects", "projects.id", "appeals.project_id")
    .leftJoin("judgments", (join) =>
      join.onRef("judgments.project_id", "=", "appeals.project_id").onRef("judgments.id", "=", "appeals.judgment_id"),
    )
    .leftJoin("assignments", (join) =>
      join
        .onRef("assignments.project_id", "=", "judgments.project_id")
        .onRef("assignments.id", "=", "judgments.assignment_id"),
    )
    .leftJoin("quality_actions", (join) =>
      join
        .onRef("quality_actions.project_id", "=", "appeals.project_id")
        .onRef("quality_actions.id", "=", "appeals.quality_action_id"),
    )
    .select([
      "appeals.project_id",
      "projects.name as project_name",
      "projects.gold_policy",
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
      "assignments.served_as",
      "appeals.quality_action_id",
      "quality_actions.action",
      "quality_actions.reason as action_reason",
      "quality_actions.created_at as action_at",
      "quality_actions.reversed_at as action_reversed_at",
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
    /** The project's gold policy as stored (whether the annotator may read a gold-accuracy reason). */
    goldPolicy: r.gold_policy ?? "{}",
    judgmentId: r.judgment_id,
    taskId: r.task_id,
    annotatorId: r.annotator_id,
    annotatorName: r.name,
    kind: r.kind as "review" | "gold" | "action",
    reason: r.reason,
    status: r.status as AppealStatus,
    value: r.value === null ? null : (JSON.parse(r.value) as unknown),
    /** How the contested judgment's lease served its task (whether a gold miss was a hidden control's). */
    servedAs: controlKindOf(r.served_as),
    qualityAction:
      r.quality_action_id === null
        ? null
        : {
            id: r.quality_action_id,
            action: r.action ?? "",
            reason: r.action_reason ?? "",
            createdAt: r.action_at ?? 0,
            reversedAt: r.action_reversed_at,
          },
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
 * yet, newest first (100), with how the lease was served and the project's gold policy (JSON as
 * stored), from which the caller tells which ones the annotator may see as appealable.
 */
export async function listAppealableJudgments(db: Kysely<DB>, annotatorId: number, since: number) {
  const rows = await db
    .selectFrom("judgments")
    .innerJoin("projects", "projects.id", "judgments.project_id")
    .innerJoin("assignments", (join) =>
      join
        .onRef("assignments.project_id", "=", "judgments.project_id")
        .onRef("assignments.id", "=", "judgments.assignment_id"),
    )
    .leftJoin("appeals", (join) =>
      join.onRef("appeals.project_id", "=", "judgments.project_id").onRef("appeals.judgment_id", "=", "judgments.id"),
    )
    .select([
      "judgments.project_id",
      "projects.name",
      "projects.gold_policy",
      "assignments.served_as",
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
    servedAs: r.served_as,
    goldPolicy: r.gold_policy,
  }));
}

/**
 * An annotator's automatic quality actions (an annotator rule's, `actor_id` null) taken since
 * `since`, unreversed and not appealed yet, newest first (100), with the project's gold policy
 * (JSON as stored): the actions they may still appeal.
 */
export async function listAppealableActions(db: Kysely<DB>, annotatorId: number, since: number) {
  const rows = await db
    .selectFrom("quality_actions")
    .innerJoin("projects", "projects.id", "quality_actions.project_id")
    .leftJoin("appeals", (join) =>
      join
        .onRef("appeals.project_id", "=", "quality_actions.project_id")
        .onRef("appeals.quality_action_id", "=", "quality_actions.id"),
    )
    .select([
      "quality_actions.project_id",
      "projects.name",
      "projects.gold_policy",
      "quality_actions.id",
      "quality_actions.action",
      "quality_actions.reason",
      "quality_actions.created_at",
    ])
    .where("quality_actions.annotator_id", "=", annotatorId)
    .where("quality_actions.actor_id", "is", null)
    .where("quality_actions.reversed_at", "is", null)
    .where("quality_actions.created_at", ">=", since)
    .where("appeals.id", "is", null)
    .orderBy("quality_actions.created_at", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    projectId: r.project_id,
    projectName: r.name,
    qualityActionId: r.id,
    action: r.action,
    reason: r.reason,
    createdAt: r.created_at,
    goldPolicy: r.gold_policy,
  }));
}

/** A gold answer missed: the answer given, the task's gold and how the lease was served. */
export interface MissedGold {
  judgmentId: number;
  taskId: number;
  value: unknown;
  gold: unknown;
  servedAs: ReturnType<typeof controlKindOf>;
  answeredAt: number;
}

/**
 * What lies behind each of these action appeals, for the staff deciding them: the gold answers
 * the appellant missed in the appeal's project up to the time of the contested action (newest
 * 100 per appeal), by appeal id. One statement for the whole page of appeals; an appeal that is
 * not of an action, or has no misses, is absent from the map.
 */
export async function listMissedGoldOfAppeals(
  db: Kysely<DB>,
  appealIds: readonly number[],
): Promise<Map<number, MissedGold[]>> {
  const byAppeal = new Map<number, MissedGold[]>();
  if (appealIds.length === 0) return byAppeal;
  const ranked = db
    .selectFrom("appeals as ap")
    .innerJoin("quality_actions as qa", (join) =>
      join.onRef("qa.project_id", "=", "ap.project_id").onRef("qa.id", "=", "ap.quality_action_id"),
    )
    .innerJoin("judgments as j", (join) =>
      join
        .onRef("j.project_id", "=", "ap.project_id")
        .onRef("j.annotator_id", "=", "ap.annotator_id")
        .onRef("j.created_at", "<=", "qa.created_at"),
    )
    .select([
      "ap.id as appeal_id",
      "j.project_id",
      "j.id",
      "j.task_id",
      "j.assignment_id",
      "j.value",
      "j.created_at",
      sql<number>`row_number() over (partition by ap.id order by j.created_at desc, j.id desc)`.as("miss_rank"),
    ])
    .where("ap.id", "in", [...appealIds])
    // A literal, so both planners can match the partial index's predicate.
    .where(sql<boolean>`j.gold_correct = 0`);
  const rows = await db
    .selectFrom(ranked.as("m"))
    .innerJoin("tasks as t", (join) => join.onRef("t.project_id", "=", "m.project_id").onRef("t.id", "=", "m.task_id"))
    .innerJoin("assignments as a", (join) =>
      join.onRef("a.project_id", "=", "m.project_id").onRef("a.id", "=", "m.assignment_id"),
    )
    .select(["m.appeal_id", "m.id", "m.task_id", "m.value", "m.created_at", "t.gold", "a.served_as"])
    .where("m.miss_rank", "<=", 100)
    .orderBy("m.appeal_id")
    .orderBy("m.created_at", "desc")
    .orderBy("m.id", "desc")
    .execute();
  for (const r of rows) {
    const misses = byAppeal.get(r.appeal_id) ?? [];
    misses.push({
      judgmentId: Number(r.id),
      taskId: Number(r.task_id),
      value: JSON.parse(r.value) as unknown,
      gold: r.gold === null ? null : (JSON.parse(r.gold) as unknown),
      servedAs: controlKindOf(r.served_as),
      answeredAt: Number(r.created_at),
    });
    byAppeal.set(r.appeal_id, misses);
  }
  return byAppeal;
}
