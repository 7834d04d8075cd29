import {
  DomainError,
  GOLD_ANSWER_ACTION,
  goldIsControl,
  invalidInput,
  type LabelValue,
  notFound,
  type Project,
  statusAfterGoldChange,
  type TaskStatus,
  validateLabelValue,
} from "@quorum/core";
import type { Database } from "../database.js";
import { parseJson, parseJsonOrNull } from "../repositories/json-column.js";
import { goldAnswerInUse, readTaskGoldForUpdate, writeTaskGold } from "../repositories/task-gold.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { changeTaskWithQualityRollups } from "./update-quality-rollups.js";

export interface TaskGold {
  taskId: number;
  gold: LabelValue | null;
  goldExplanation: string | null;
  status: TaskStatus;
}

/**
 * Writes, corrects (`value`) or removes (`value: null`) one task's gold answer, in one transaction
 * with its audit entry (`task.gold`, the answer and explanation before and after) and the quality
 * roll-ups of the task (confusion against gold and calibration follow the new answer, as a rebuild
 * would compute them). The value is checked against the project's label schema (path `value`).
 *
 * Answers scored earlier keep their grade, their verdict and their pay: a gold answer grades the
 * judgments given while it stands, so an annotator is never re-graded behind their back; one who
 * missed a gold answer that was wrong appeals, and an upheld appeal regrades the miss. A lease
 * already out is answered as usual and scored against the gold answer in force when it is
 * submitted; the annotator is shown the answer only after answering, as for any gold task.
 *
 * An open task becomes a control where the gold policy serves controls, and a control that loses
 * its answer returns to the queue (core's `statusAfterGoldChange`). Removing the answer of a task
 * that a training module practises on, or that a running exam attempt asks, is a conflict.
 */
export async function setTaskGold(
  database: Database,
  options: {
    project: Pick<Project, "id" | "schema" | "goldPolicy">;
    taskId: number;
    value: unknown;
    explanation: string | null;
    actorId: number;
    now: number;
  },
): Promise<TaskGold> {
  const { project, taskId, now } = options;
  return inTransaction(database, async (trx) => {
    const task = await readTaskGoldForUpdate(trx, database.dialect, project.id, taskId);
    if (!task) throw notFound("Task");
    let gold: LabelValue | null = null;
    if (options.value !== null) {
      const checked = validateLabelValue(project.schema, options.value, parseJson(task.data), "value");
      if (!checked.ok) throw invalidInput("The gold answer does not fit the project's label schema", checked.errors);
      gold = checked.value;
    } else {
      const use = await goldAnswerInUse(trx, project.id, taskId);
      if (use !== null)
        throw new DomainError(
          "conflict",
          use === "training"
            ? "A training module practises on this task; correct its gold answer instead of removing it"
            : "An exam attempt in progress asks this task; correct its gold answer instead of removing it",
        );
    }
    const explanation = gold === null ? null : options.explanation;
    const status = statusAfterGoldChange(task.status, {
      hasGold: gold !== null,
      control: goldIsControl(project.goldPolicy),
    });
    await changeTaskWithQualityRollups(trx, project, taskId, () =>
      writeTaskGold(
        trx,
        { projectId: project.id, taskId },
        {
          gold: gold === null ? null : JSON.stringify(gold),
          explanation,
          status,
          now,
        },
      ),
    );
    const after = await readTaskGoldForUpdate(trx, database.dialect, project.id, taskId);
    await writeAudit(trx, {
      projectId: project.id,
      actorId: options.actorId,
      action: GOLD_ANSWER_ACTION,
      details: {
        taskId,
        before: { gold: parseJsonOrNull<LabelValue>(task.gold), explanation: task.gold_explanation },
        after: { gold, explanation },
      },
      now,
    });
    return { taskId, gold, goldExplanation: explanation, status: after!.status };
  });
}
