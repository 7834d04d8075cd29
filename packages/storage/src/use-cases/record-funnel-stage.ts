import type { FunnelStage } from "@quorum/core";
import type { Kysely } from "kysely";
import { appendFunnelEvent, campaignOfApplicant } from "../repositories/funnel-events.js";
import type { DB } from "../schema.js";

/**
 * Notes in the funnel log that a person reached `stage`, when they applied through a campaign
 * and had not reached it before. Costs one indexed read for people who did not come through a
 * campaign; call it inside the transaction of the event that reached the stage.
 */
export async function recordFunnelStage(
  db: Kysely<DB>,
  options: { userId: number; stage: Exclude<FunnelStage, "applied">; at: number },
): Promise<boolean> {
  const campaignId = await campaignOfApplicant(db, options.userId);
  if (campaignId === undefined) return false;
  return appendFunnelEvent(db, {
    campaignId,
    userId: options.userId,
    stage: options.stage,
    at: options.at,
    referrerId: null,
  });
}
