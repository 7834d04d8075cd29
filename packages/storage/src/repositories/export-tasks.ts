import type { ExportJudgment, ExportTask } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { toJudgment } from "./judgments.js";
import { toTask } from "./task-rows.js";

const PAGE = 500;

/**
 * Every task of a project with its judgments and aggregate, in task order, read a page at a
 * time (keyset on the primary key), so memory stays flat however large the project is.
 */
export async function* streamProjectTasks(
  db: Kysely<DB>,
  projectId: number,
  options: { onlyLabeled?: boolean } = {},
): AsyncGenerator<ExportTask> {
  let after = 0;
  for (;;) {
    let query = db
      .selectFrom("tasks")
      .select(["id", "external_id", "data", "gold", "aggregate", "confidence", "status", "required"])
      .where("project_id", "=", projectId)
      .where("id", ">", after)
      .orderBy("id")
      .limit(PAGE);
    if (options.onlyLabeled) query = query.where("judgment_count", ">", 0);
    const tasks = (await query.execute()).map(toTask);
    if (tasks.length === 0) return;
    after = tasks[tasks.length - 1]!.id;
    const judgments = await db
      .selectFrom("judgments")
      .select(["id", "task_id", "annotator_id", "value", "guideline_version", "active_ms", "created_at"])
      .where("project_id", "=", projectId)
      .where(
        "task_id",
        "in",
        tasks.map((t) => t.id),
      )
      .orderBy("task_id")
      .orderBy("id")
      .execute();
    const byTask = new Map<number, ExportJudgment[]>();
    for (const row of judgments) {
      const j = toJudgment(row);
      let list = byTask.get(j.taskId);
      if (!list) {
        list = [];
        byTask.set(j.taskId, list);
      }
      list.push({
        id: j.id,
        annotatorId: String(j.annotatorId),
        value: j.value,
        guidelineVersion: j.guidelineVersion,
        activeMs: j.activeMs,
        createdAt: j.createdAt,
      });
    }
    for (const t of tasks) {
      yield {
        id: t.id,
        externalId: t.externalId,
        data: t.data,
        gold: t.gold,
        aggregate: t.aggregate ? { value: t.aggregate.value, confidence: t.confidence ?? 0 } : null,
        judgments: byTask.get(t.id) ?? [],
        status: t.status,
        required: t.required,
      };
    }
    if (tasks.length < PAGE) return;
  }
}
