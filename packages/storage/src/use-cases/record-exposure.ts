import { advanceSession, type HarmCategory, localDay, NO_SESSION, type WellbeingPolicy } from "@quorum/core";
import type { Kysely } from "kysely";
import type { Dialect } from "../database.js";
import { addExposureAndAdvanceSession } from "../repositories/wellbeing.js";
import type { DB } from "../schema.js";

/**
 * Counts one judged harmful item against its author's exposure, in the judgment's transaction:
 * the item and its handling time on the day where they are, and their continuous session
 * (core's `advanceSession`, which may start a break). Pay is not touched.
 */
export async function recordExposure(
  trx: Kysely<DB>,
  dialect: Dialect,
  policy: WellbeingPolicy,
  judged: {
    projectId: number;
    annotatorId: number;
    timeZone: string | null | undefined;
    category: HarmCategory;
    activeMs: number;
    now: number;
  },
): Promise<void> {
  const { now, activeMs } = judged;
  await addExposureAndAdvanceSession(trx, dialect, {
    projectId: judged.projectId,
    userId: judged.annotatorId,
    day: localDay(now, judged.timeZone ?? policy.timeZone),
    category: judged.category,
    activeMs,
    now,
    session: policy.session,
    first: advanceSession(NO_SESSION, { now, activeMs }, policy.session),
  });
}
