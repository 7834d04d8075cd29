import { type AnnotatorStatus, manualStatusAction } from "@quorum/core";
import type { Kysely } from "kysely";
import { ensureAnnotatorRecord, setAnnotatorStatusRow } from "../repositories/annotator-quality.js";
import { insertQualityAction } from "../repositories/quality-actions.js";
import type { DB } from "../schema.js";

/** A manager pauses, resumes or sends an annotator to retraining by hand (logged like automatic actions). */
export async function setAnnotatorStatus(
  db: Kysely<DB>,
  options: {
    projectId: number;
    annotatorId: number;
    status: AnnotatorStatus;
    reason: string;
    actorId: number;
    now: number;
  },
) {
  await db.transaction().execute(async (trx) => {
    await ensureAnnotatorRecord(trx, options);
    await setAnnotatorStatusRow(trx, options);
    await insertQualityAction(trx, { ...options, action: manualStatusAction(options.status) });
  });
}
