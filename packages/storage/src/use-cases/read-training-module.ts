import type { LabelValue } from "@quorum/core";
import type { Kysely } from "kysely";
import { parseJson } from "../repositories/json-column.js";
import { type TrainingModule, trainingAnswersOf } from "../repositories/training-modules.js";
import type { DB } from "../schema.js";

export interface PracticeItemView {
  id: number;
  data: Record<string, unknown>;
  /** Shown to an annotator only after they answered the item; always to staff. */
  hint?: string;
  /** The gold answer and explanation, under the same rule as the hint. */
  answer?: LabelValue;
  explanation?: string | null;
  /** The annotator's latest answer, and whether it was right. */
  yours?: { value: LabelValue; correct: boolean };
}

/**
 * A module with its practice tasks. For an annotator (`annotatorId`), each item's hint and answer
 * appear only once they answered it; staff see them all.
 */
export async function readTrainingModule(
  db: Kysely<DB>,
  options: { module: TrainingModule; annotatorId?: number },
): Promise<Omit<TrainingModule, "items"> & { items: PracticeItemView[] }> {
  const { module } = options;
  const ids = module.items.map((i) => i.taskId);
  const tasks =
    ids.length === 0
      ? []
      : await db
          .selectFrom("tasks")
          .select(["id", "data", "gold", "gold_explanation"])
          .where("project_id", "=", module.projectId)
          .where("id", "in", ids)
          .execute();
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const answers =
    options.annotatorId === undefined
      ? undefined
      : new Map(
          (await trainingAnswersOf(db, options.annotatorId, { projectId: module.projectId, moduleId: module.id })).map(
            (a) => [a.taskId, a],
          ),
        );
  const { items, ...rest } = module;
  return {
    ...rest,
    items: items.map((item) => {
      const task = byId.get(item.taskId)!;
      const view: PracticeItemView = { id: item.taskId, data: parseJson(task.data) };
      const yours = answers?.get(item.taskId);
      if (yours) view.yours = { value: parseJson<LabelValue>(yours.value), correct: yours.correct };
      if (!answers || yours) {
        view.hint = item.hint;
        view.answer = parseJson<LabelValue>(task.gold!);
        view.explanation = task.gold_explanation;
      }
      return view;
    }),
  };
}
