import { invalidInput, notFound } from "@quorum/core";
import { type Kysely, type Selectable, sql } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../schema.js";
import type { DatasetVersionsTable, ModelEvaluationsTable } from "../schema-experiments.js";
import { inTransaction, writeAudit } from "../transaction.js";

export interface DatasetVersion {
  id: number;
  projectId: number;
  name: string;
  frozenAt: number;
  taskCount: number;
  labelCount: number;
}

function toVersion(row: Selectable<DatasetVersionsTable>): DatasetVersion {
  return {
    id: Number(row.id),
    projectId: Number(row.project_id),
    name: row.name,
    frozenAt: Number(row.frozen_at),
    taskCount: Number(row.task_count),
    labelCount: Number(row.label_count),
  };
}

/**
 * Freezes the project's labels as a named version: each labelled task's aggregate and judgment
 * count copied in one `insert ... select` (the export of this moment), with the counts. A name
 * is used once per project.
 */
export async function freezeDatasetVersion(
  database: Database,
  projectId: number,
  name: string,
  actor: { id: number; now: number },
): Promise<DatasetVersion> {
  return inTransaction(database, async (trx) => {
    const taken = await trx
      .selectFrom("dataset_versions")
      .select("id")
      .where("project_id", "=", projectId)
      .where("name", "=", name)
      .executeTakeFirst();
    if (taken)
      throw invalidInput("The name is taken", [{ path: "name", message: `"${name}" already names a version` }]);
    const inserted = await trx
      .insertInto("dataset_versions")
      .values({
        project_id: projectId,
        name,
        frozen_at: actor.now,
        task_count: 0,
        label_count: 0,
        created_by: actor.id,
        created_at: actor.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await trx
      .insertInto("dataset_version_labels")
      .columns(["project_id", "version_id", "task_id", "label", "judgments"])
      .expression((eb) =>
        eb
          .selectFrom("tasks")
          .select([
            // Cast: PostgreSQL types a bare parameter in a select list as text.
            sql<number>`cast(${projectId} as bigint)`.as("project_id"),
            sql<number>`cast(${id} as bigint)`.as("version_id"),
            "tasks.id",
            "tasks.aggregate",
            "tasks.judgment_count",
          ])
          .where("tasks.project_id", "=", projectId)
          .where("tasks.aggregate", "is not", null)
          .where("tasks.status", "<>", "gold"),
      )
      .execute();
    const counts = await trx
      .selectFrom("dataset_version_labels")
      .select((eb) => [
        eb.fn.countAll<string | number>().as("tasks"),
        eb.fn.sum<string | number | null>("judgments").as("labels"),
      ])
      .where("project_id", "=", projectId)
      .where("version_id", "=", id)
      .executeTakeFirstOrThrow();
    const taskCount = Number(counts.tasks);
    const labelCount = Number(counts.labels ?? 0);
    await trx
      .updateTable("dataset_versions")
      .set({ task_count: taskCount, label_count: labelCount })
      .where("id", "=", id)
      .execute();
    await writeAudit(trx, {
      projectId,
      actorId: actor.id,
      action: "dataset_version.freeze",
      details: { id, name, taskCount },
      now: actor.now,
    });
    return { id, projectId, name, frozenAt: actor.now, taskCount, labelCount };
  });
}

export async function listDatasetVersions(db: Kysely<DB>, projectId: number): Promise<DatasetVersion[]> {
  const rows = await db
    .selectFrom("dataset_versions")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("frozen_at")
    .orderBy("id")
    .execute();
  return rows.map(toVersion);
}

export async function getDatasetVersion(db: Kysely<DB>, id: number): Promise<DatasetVersion | undefined> {
  const row = await db.selectFrom("dataset_versions").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toVersion(row);
}

/** The labels of a version, in task order (one keyset page). */
export async function datasetVersionLabels(db: Kysely<DB>, version: DatasetVersion, afterTaskId = 0, limit = 1000) {
  const rows = await db
    .selectFrom("dataset_version_labels")
    .select(["task_id", "label", "judgments"])
    .where("project_id", "=", version.projectId)
    .where("version_id", "=", version.id)
    .where("task_id", ">", afterTaskId)
    .orderBy("task_id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    taskId: Number(row.task_id),
    label: JSON.parse(row.label) as unknown,
    judgments: Number(row.judgments),
  }));
}

export interface ModelEvaluation {
  id: number;
  projectId: number;
  datasetVersionId: number;
  metric: string;
  value: number;
  labels: number;
  createdAt: number;
}

function toEvaluation(row: Selectable<ModelEvaluationsTable>): ModelEvaluation {
  return {
    id: Number(row.id),
    projectId: Number(row.project_id),
    datasetVersionId: Number(row.dataset_version_id),
    metric: row.metric,
    value: Number(row.value),
    labels: Number(row.labels),
    createdAt: Number(row.created_at),
  };
}

export async function insertModelEvaluation(
  db: Kysely<DB>,
  evaluation: Omit<ModelEvaluation, "id" | "createdAt">,
  actor: { id: number; now: number },
): Promise<ModelEvaluation> {
  const row = await db
    .insertInto("model_evaluations")
    .values({
      project_id: evaluation.projectId,
      dataset_version_id: evaluation.datasetVersionId,
      metric: evaluation.metric,
      value: evaluation.value,
      labels: evaluation.labels,
      created_by: actor.id,
      created_at: actor.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEvaluation(row);
}

export async function listModelEvaluations(db: Kysely<DB>, projectId: number): Promise<ModelEvaluation[]> {
  const rows = await db
    .selectFrom("model_evaluations")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("metric")
    .orderBy("labels")
    .orderBy("id")
    .execute();
  return rows.map(toEvaluation);
}

export function requireDatasetVersion(version: DatasetVersion | undefined): DatasetVersion {
  if (!version) throw notFound("Dataset version");
  return version;
}
