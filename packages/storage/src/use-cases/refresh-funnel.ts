import { type FunnelStage, retentionStages } from "@quorum/core";
import type { Kysely } from "kysely";
import { appendFunnelEvent, applicantActivity, listFunnelEvents } from "../repositories/funnel-events.js";
import type { DB } from "../schema.js";

/**
 * Brings the late stages of the funnel log up to date when it is read, so the labeling hot path
 * never writes to it: `active` at the hour of a person's first production judgment (from the
 * hourly roll-up), then `retained` and `churned` by core's `retentionStages`. Idempotent (one
 * row per person and stage). Returns how many rows it appended.
 */
export async function refreshFunnel(
  db: Kysely<DB>,
  options: { campaignIds: readonly number[]; now: number },
): Promise<number> {
  const activity = await applicantActivity(db, options.campaignIds);
  if (activity.length === 0) return 0;
  const reached = new Map<number, Set<FunnelStage>>();
  for (const e of await listFunnelEvents(db, options.campaignIds)) {
    const stages = reached.get(e.userId) ?? new Set<FunnelStage>();
    stages.add(e.stage);
    reached.set(e.userId, stages);
  }
  let appended = 0;
  for (const person of activity) {
    if (person.first === null || person.last === null) continue;
    const stages = reached.get(person.userId) ?? new Set<FunnelStage>();
    const base = { campaignId: person.campaignId, userId: person.userId, referrerId: null };
    if (!stages.has("active") && (await appendFunnelEvent(db, { ...base, stage: "active", at: person.first })))
      appended++;
    for (const next of retentionStages({
      firstActiveAt: person.first,
      lastActiveAt: person.last,
      deactivated: person.status === "deactivated" || person.status === "erased",
      now: options.now,
      reached: stages,
    }))
      if (await appendFunnelEvent(db, { ...base, stage: next.stage, at: next.at })) appended++;
  }
  return appended;
}
