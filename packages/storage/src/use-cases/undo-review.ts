import { DomainError, notFound, type ReviewVerdict, reviewClaimExpiry, undoVerdict } from "@quorum/core";
import type { Database } from "../database.js";
import { markSettledTaskByAggregate } from "../repositories/aggregate-verdicts.js";
import { getProject } from "../repositories/projects.js";
import {
  decidedLaterBy,
  getPriorTaskState,
  getReviewItem,
  taskPendingReview,
  withdrawVerdict,
} from "../repositories/review-items.js";
import { getTaskLabelState, restoreLabel, restoreRequired } from "../repositories/task-labels.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { claimedWork, type ReviewWork } from "./claim-review.js";
import { undoReviewCost } from "./record-review-cost.js";
import { changeTaskWithQualityRollups } from "./update-quality-rollups.js";

/** Thrown to roll back when a conditional write found the row changed since it was read; the transaction retries. */
const LOST_RACE = new Error("the review item or its task changed meanwhile");

const VERDICT_OF = { accepted: "accept", rejected: "reject", corrected: "correct" } as const;

/** What the reviewer took back, so the view can show the item again with their note. */
export interface UndoneReview extends ReviewWork {
  undone: { verdict: ReviewVerdict; note: string | null };
}

/**
 * Takes back a reviewer's most recent verdict within core's `UNDO_WINDOW_MS`, with the reverse of
 * its effect on the task (core's `undoVerdict`): the item is pending again and claimed by the same
 * reviewer for a fresh review lease, a rejected task is done again, a corrected task gets its
 * earlier label back. All or nothing, audit-logged as `review.undo`.
 */
export async function undoReview(
  database: Database,
  options: { itemId: number; reviewerId: number; now: number },
): Promise<UndoneReview> {
  const { itemId, reviewerId, now } = options;
  const undone = await inTransaction(
    database,
    async (trx) => {
      const item = await getReviewItem(trx, itemId);
      if (!item) throw notFound("Review item");
      const taskKey = { projectId: item.projectId, taskId: item.taskId };
      const task = await getTaskLabelState(trx, taskKey);
      const change = undoVerdict({
        item,
        requesterId: reviewerId,
        decidedSince: await decidedLaterBy(trx, reviewerId, item),
        now,
        task,
        prior: await getPriorTaskState(trx, itemId),
      });
      // A task is pending review once at most: if it was queued again meanwhile, that item stands.
      if (await taskPendingReview(trx, item.projectId, item.taskId))
        throw new DomainError("undo_unavailable", "The task is waiting for review again, so the verdict stands");
      const verdict = VERDICT_OF[item.status as keyof typeof VERDICT_OF];
      const project = (await getProject(trx, item.projectId))!;
      const expiresAt = reviewClaimExpiry(now, project.reviewLeaseSeconds);
      const withdrawn = await withdrawVerdict(trx, item, { now, expiresAt });
      if (!withdrawn) throw LOST_RACE;
      if (change.kind === "restore_required") {
        if (!(await restoreRequired(trx, taskKey, change))) throw LOST_RACE;
      } else if (change.kind === "restore_label") {
        const project = (await getProject(trx, item.projectId))!;
        await changeTaskWithQualityRollups(trx, project, item.taskId, () => restoreLabel(trx, taskKey, change));
      }
      await undoReviewCost(trx, {
        projectId: item.projectId,
        taskId: item.taskId,
        reviewerId,
        decidedAt: item.reviewedAt!,
        now,
      });
      // The judgments the review had marked are the aggregate's again (a task done again).
      await markSettledTaskByAggregate(trx, project, item.taskId, now);
      await writeAudit(trx, {
        projectId: item.projectId,
        actorId: reviewerId,
        action: "review.undo",
        details: { itemId, taskId: item.taskId, verdict },
        now,
      });
      return { item: withdrawn, verdict, note: item.note };
    },
    { retryOn: (error) => error === LOST_RACE },
  );
  return { ...(await claimedWork(database, undone.item)), undone: { verdict: undone.verdict, note: undone.note } };
}
