import {
  applyVerdict,
  creditedActiveMs,
  notFound,
  type ReviewVerdict,
  taskNotDone,
  verdictConflict,
} from "@quorum/core";
import type { Database } from "../database.js";
import { getProject } from "../repositories/projects.js";
import { getReviewItem, type ReviewItem, writeVerdict } from "../repositories/review-items.js";
import { getReviewTask, getTaskLabelState, reopenDoneTask, setTaskLabel } from "../repositories/task-labels.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { recordReviewCost } from "./record-review-cost.js";
import { changeTaskWithQualityRollups } from "./update-quality-rollups.js";

/**
 * Records a verdict, all-or-nothing with its effect on the task (core's `applyVerdict`), the
 * task's state before it (for `undoReview`) and an audit-log row. An item already decided is
 * `review_decided`; one under another reviewer's live claim is `review_taken` (unless
 * `override`). A claim is a lease, but a reviewer's own expired claim that nobody has taken is
 * still theirs: the verdict stands (deciding finishes the claim, so there is nothing to renew).
 * Once another reviewer has taken the item, the first one's verdict is `review_taken`.
 * The verdict marks the task's judgments accepted or rejected and pays the reviewer
 * (`recordReviewCost`) for `activeMs`, or without it for the time since the claim (capped).
 */
export async function decideReview(
  database: Database,
  options: {
    itemId: number;
    reviewerId: number;
    verdict: ReviewVerdict;
    value?: unknown;
    note?: string | undefined;
    /** The reviewer's active time on the item, as measured for annotators. */
    activeMs?: number | undefined;
    /** May decide items another reviewer has claimed (managers). */
    override: boolean;
    now: number;
  },
): Promise<ReviewItem> {
  const { itemId, reviewerId, verdict, now } = options;
  return inTransaction(database, async (trx) => {
    const item = await getReviewItem(trx, itemId);
    if (!item) throw notFound("Review item");
    const project = (await getProject(trx, item.projectId))!;
    const task = await getReviewTask(trx, item.projectId, item.taskId);
    const effect = applyVerdict({
      verdict,
      itemStatus: item.status,
      project,
      task: { data: task.data, aggregate: task.aggregate?.value ?? null },
      value: options.value,
      note: options.note,
    });

    const taskKey = { projectId: item.projectId, taskId: item.taskId };
    const priorTask = await getTaskLabelState(trx, taskKey);
    const decided = await writeVerdict(trx, item, {
      ...effect.item,
      reviewerId,
      priorTask,
      override: options.override,
      now,
    });
    if (!decided) throw verdictConflict((await getReviewItem(trx, itemId))!.status);

    if (effect.task.kind === "reopen") {
      if (!(await reopenDoneTask(trx, { ...taskKey, moreJudgments: effect.task.moreJudgments, now })))
        throw taskNotDone();
    } else if (effect.task.kind === "set_aggregate") {
      const { aggregate, confidence } = effect.task;
      await changeTaskWithQualityRollups(trx, project, item.taskId, () =>
        setTaskLabel(trx, taskKey, { aggregate, confidence, updatedAt: now }),
      );
    }
    const { reviewedValue, note } = effect.item;
    await recordReviewCost(trx, database, {
      project,
      itemId,
      taskId: item.taskId,
      taskLanguage: task.language,
      verdict,
      aggregate: task.aggregate?.value ?? null,
      corrected: verdict === "correct" ? reviewedValue : null,
      reviewerId,
      activeMs: creditedActiveMs(options.activeMs, item.claimedAt ?? item.createdAt, now),
      now,
    });
    await writeAudit(trx, {
      projectId: item.projectId,
      actorId: reviewerId,
      action: `review.${verdict}`,
      details: {
        itemId,
        taskId: item.taskId,
        ...(reviewedValue === null ? {} : { value: reviewedValue }),
        ...(note ? { note } : {}),
      },
      now,
    });
    return decided;
  });
}
