import type { LabelValue } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** A page of a project's tasks for the console, keyset-paged on id. */
export async function listTasks(
  db: Kysely<DB>,
  projectId: number,
  options: { status?: "open" | "full" | "done" | undefined; after: number; limit: number },
) {
  let query = db
    .selectFrom("tasks")
    .select([
      "id",
      "batch_id",
      "external_id",
      "language",
      "data",
      "gold",
      "priority",
      "required",
      "judgment_count",
      "status",
      "aggregate",
      "confidence",
      "created_at",
    ])
    .where("project_id", "=", projectId)
    .where("id", ">", options.after)
    .orderBy("id")
    .limit(options.limit);
  if (options.status) query = query.where("status", "=", options.status);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    batchId: r.batch_id,
    externalId: r.external_id,
    language: r.language,
    data: JSON.parse(r.data) as Record<string, unknown>,
    gold: r.gold === null ? null : (JSON.parse(r.gold) as LabelValue),
    priority: r.priority,
    required: r.required,
    judgments: r.judgment_count,
    status: r.status,
    aggregate: r.aggregate === null ? null : (JSON.parse(r.aggregate) as { value: LabelValue }).value,
    confidence: r.confidence,
    createdAt: iso(r.created_at),
  }));
}

/** One task with all its judgments and who gave them. */
export async function getTaskDetail(db: Kysely<DB>, projectId: number, taskId: number) {
  const [task] = await listTasks(db, projectId, { after: taskId - 1, limit: 1 });
  if (!task || task.id !== taskId) return undefined;
  const judgments = await judgmentsOfTask(db, projectId, taskId);
  return {
    ...task,
    judgmentList: judgments.map((j) => ({ ...j, createdAt: iso(j.createdAt) })),
  };
}

/** Every judgment of one task, oldest first, with the name of who gave it (for staff views). */
export async function judgmentsOfTask(db: Kysely<DB>, projectId: number, taskId: number) {
  const rows = await db
    .selectFrom("judgments")
    .innerJoin("users", "users.id", "judgments.annotator_id")
    .select([
      "judgments.id",
      "judgments.annotator_id",
      "users.name",
      "judgments.value",
      "judgments.guideline_version",
      "judgments.active_ms",
      "judgments.gold_correct",
      "judgments.created_at",
    ])
    .where("judgments.project_id", "=", projectId)
    .where("judgments.task_id", "=", taskId)
    .orderBy("judgments.id")
    .execute();
  return rows.map((j) => ({
    id: j.id,
    annotatorId: j.annotator_id,
    annotatorName: j.name,
    value: JSON.parse(j.value) as LabelValue,
    guidelineVersion: j.guideline_version,
    activeMs: j.active_ms,
    goldCorrect: j.gold_correct === null ? null : j.gold_correct === 1,
    createdAt: j.created_at,
  }));
}
