import { advanceSession, type HarmCategory, localDay, type WellbeingPolicy } from "@quorum/core";
import type { Kysely } from "kysely";
import { addExposure, readWorkSession, saveWorkSession } from "../repositories/wellbeing.js";
import type { DB } from "../schema.js";

/**
 * Counts one judged harmful item against its author's exposure, in the judgment's transaction:
 * the item and its handling time on the day where they are, and their continuous session
 * (core's `advanceSession`, which may start a break). Pay is not touched.
 */
export async function recordExposure(
  trx: Kysely<DB>,
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
  const day = localDay(now, judged.timeZone ?? policy.timeZone);
  await addExposure(trx, {
    projectId: judged.projectId,
    userId: judged.annotatorId,
    day,
    category: judged.category,
    activeMs,
  });
  const session = advanceSession(await readWorkSession(trx, judged.annotatorId), { now, activeMs }, policy.session);
  await saveWorkSession(trx, judged.annotatorId, session, now);
}
