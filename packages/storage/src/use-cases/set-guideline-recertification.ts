import { notFound } from "@quorum/core";
import type { Kysely } from "kysely";
import { setRecertificationFlag } from "../repositories/guideline-recertification.js";
import type { DB } from "../schema.js";
import { writeAudit } from "../transaction.js";

/**
 * A manager marks a guideline version as requiring re-certification (or clears the mark): while
 * it is in force, people certified before it was published pass a (short, delta) exam again
 * before their next task on the project (see `checkProductionAccess`).
 */
export async function setGuidelineRecertification(
  db: Kysely<DB>,
  options: { projectId: number; version: number; required: boolean; actorId: number; now: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const found = await setRecertificationFlag(trx, options, options.required);
    if (!found) throw notFound(`Guideline version ${options.version}`);
    await writeAudit(trx, {
      projectId: options.projectId,
      actorId: options.actorId,
      action: "guidelines.recertification",
      details: { version: options.version, required: options.required },
      now: options.now,
    });
  });
}
