import { statusAfterReversing } from "@quorum/core";
import type { Kysely } from "kysely";
import { setAnnotatorStatusRow } from "../repositories/annotator-quality.js";
import { markActionReversed } from "../repositories/quality-actions.js";
import type { DB } from "../schema.js";
import { writeAudit } from "../transaction.js";

/**
 * Takes an action back inside the caller's transaction: marks it reversed and returns the
 * annotator's status to ok (to retraining for an exam pass that ended it). Returns the action,
 * or undefined when it was reversed already.
 */
export async function undoQualityAction(
  trx: Kysely<DB>,
  options: { projectId: number; actionId: number; actorId: number; now: number },
): Promise<{ annotatorId: number; action: string } | undefined> {
  const reversed = await markActionReversed(trx, options);
  if (!reversed) return undefined;
  await setAnnotatorStatusRow(trx, {
    projectId: options.projectId,
    annotatorId: reversed.annotatorId,
    status: statusAfterReversing(reversed.action),
    reason: null,
    now: options.now,
  });
  return reversed;
}

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
    const reversed = await undoQualityAction(trx, { projectId, actionId, actorId, now });
    if (!reversed) return false;
    const { annotatorId, action } = reversed;
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
