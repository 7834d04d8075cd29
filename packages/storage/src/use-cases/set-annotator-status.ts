import { type AnnotatorStatus, manualStatusAction } from "@quorum/core";
import type { Kysely } from "kysely";
import { ensureAnnotatorRecord, setAnnotatorStatusRow } from "../repositories/annotator-quality.js";
import { insertQualityAction } from "../repositories/quality-actions.js";
import type { DB } from "../schema.js";

export interface AnnotatorStatusChange {
  projectId: number;
  annotatorId: number;
  status: AnnotatorStatus;
  reason: string;
  /** null when no person took it (an automatic rule, a passed exam). */
  actorId: number | null;
  now: number;
  /** The action logged; by default the manual one for `status` (pause, retrain, flag, resume). */
  action?: string;
}

/** Sets an annotator's status and logs it as a reversible quality action, inside the caller's transaction. */
export async function writeAnnotatorStatus(trx: Kysely<DB>, change: AnnotatorStatusChange): Promise<void> {
  await ensureAnnotatorRecord(trx, change);
  await setAnnotatorStatusRow(trx, change);
  await insertQualityAction(trx, { ...change, action: change.action ?? manualStatusAction(change.status) });
}

/** A manager pauses, resumes or sends an annotator to retraining by hand (logged like automatic actions). */
export async function setAnnotatorStatus(
  db: Kysely<DB>,
  options: Omit<AnnotatorStatusChange, "actorId" | "action"> & { actorId: number },
) {
  await db.transaction().execute((trx) => writeAnnotatorStatus(trx, options));
}
