import type { LabelValue, TaskStatus } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

export interface ExportedJudgment {
  id: number;
  annotatorId: string;
  value: LabelValue;
  guidelineVersion: number;
  activeMs: number;
  createdAt: number;
}

export interface ExportedTask {
  id: number;
  externalId: string | null;
  data: Record<string, unknown>;
  gold: LabelValue | null;
  aggregate: { value: LabelValue; confidence: number } | null;
  judgments: ExportedJudgment[];
  status: TaskStatus;
  required: number;
}

const PAGE = 500;

/**
 * Every task of a project with its judgments and aggregate, in task order, read a page at a
 * time (keyset on the primary key), so memory stays flat however large the project is.
 */
export async function* streamProjectTasks(
  db: Kysely<DB>,
  projectId: number,
  options: { onlyLabeled?: boolean } = {},
): AsyncGenerator<ExportedTask> {
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
    const tasks = await query.execute();
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
    const byTask = new Map<number, ExportedJudgment[]>();
    for (const j of judgments) {
      let list = byTask.get(j.task_id);
      if (!list) {
        list = [];
        byTask.set(j.task_id, list);
      }
      list.push({
        id: j.id,
        annotatorId: String(j.annotator_id),
        value: JSON.parse(j.value) as LabelValue,
        guidelineVersion: j.guideline_version,
        activeMs: j.active_ms,
        createdAt: j.created_at,
      });
    }
    for (const t of tasks) {
      const aggregate = t.aggregate ? (JSON.parse(t.aggregate) as { value: LabelValue }) : null;
      yield {
        id: t.id,
        externalId: t.external_id,
        data: JSON.parse(t.data) as Record<string, unknown>,
        gold: t.gold === null ? null : (JSON.parse(t.gold) as LabelValue),
        aggregate: aggregate ? { value: aggregate.value, confidence: t.confidence ?? 0 } : null,
        judgments: byTask.get(t.id) ?? [],
        status: t.status as TaskStatus,
        required: t.required,
      };
    }
    if (tasks.length < PAGE) return;
  }
}
