import { statusAfterReversing } from "@quorum/core";
import type { Kysely } from "kysely";
import { setAnnotatorStatusRow } from "../repositories/annotator-quality.js";
import { markActionReversed } from "../repositories/quality-actions.js";
import type { DB } from "../schema.js";
import { writeAudit } from "../transaction.js";

/**
 * A manager undoes an action: the annotator's status returns to ok (to retraining for an exam pass
 * that ended it); both are logged. False if already reversed.
 */
export async function reverseQualityAction(
  db: Kysely<DB>,
  projectId: number,
  actionId: number,
  actorId: number,
  now: number,
) {
  return db.transaction().execute(async (trx) => {
    const reversed = await markActionReversed(trx, { projectId, actionId, actorId, now });
    if (!reversed) return false;
    const { annotatorId, action } = reversed;
    await setAnnotatorStatusRow(trx, {
      projectId,
      annotatorId,
      status: statusAfterReversing(action),
      reason: null,
      now,
    });
    await writeAudit(trx, {
      projectId,
      actorId,
      action: "quality.reverse",
      details: { actionId, annotatorId, action },
      now,
    });
    return true;
  });
}
