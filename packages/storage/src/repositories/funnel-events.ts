import type { FunnelStage } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

export interface FunnelEvent {
  campaignId: number;
  userId: number;
  stage: FunnelStage;
  at: number;
  referrerId: number | null;
}

/**
 * Appends that a person reached a stage, unless they already had (one row per person and stage):
 * hooks may call it again without doubling a count. Returns whether a row was written.
 */
export async function appendFunnelEvent(db: Kysely<DB>, event: FunnelEvent): Promise<boolean> {
  const result = await db
    .insertInto("funnel_events")
    .values({
      campaign_id: event.campaignId,
      user_id: event.userId,
      stage: event.stage,
      at: Math.round(event.at),
      referrer_id: event.referrerId,
    })
    .onConflict((oc) => oc.columns(["user_id", "stage"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** The campaign a person applied through, if any (one probe of the unique index). */
export async function campaignOfApplicant(db: Kysely<DB>, userId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom("funnel_events")
    .select("campaign_id")
    .where("user_id", "=", userId)
    .where("stage", "=", "applied")
    .executeTakeFirst();
  return row && Number(row.campaign_id);
}

/** Every event of the given campaigns (all campaigns when none are named). */
export async function listFunnelEvents(db: Kysely<DB>, campaignIds?: readonly number[]): Promise<FunnelEvent[]> {
  if (campaignIds && campaignIds.length === 0) return [];
  let query = db.selectFrom("funnel_events").selectAll().orderBy("id");
  if (campaignIds) query = query.where("campaign_id", "in", campaignIds);
  return (await query.execute()).map((row) => ({
    campaignId: Number(row.campaign_id),
    userId: Number(row.user_id),
    stage: row.stage as FunnelStage,
    at: Number(row.at),
    referrerId: row.referrer_id === null ? null : Number(row.referrer_id),
  }));
}

/**
 * For applicants of the given campaigns: the first and last hour in which they made a production
 * judgment (from the hourly roll-up, so no judgment row is read), and whether they are deactivated.
 */
export async function applicantActivity(
  db: Kysely<DB>,
  campaignIds: readonly number[],
): Promise<{ userId: number; campaignId: number; first: number | null; last: number | null; status: string }[]> {
  if (campaignIds.length === 0) return [];
  const rows = await db
    .selectFrom("funnel_events as f")
    .innerJoin("users as u", "u.id", "f.user_id")
    .leftJoin("activity_hourly as a", (join) =>
      join.onRef("a.annotator_id", "=", "f.user_id").on("a.judgments", ">", 0),
    )
    .where("f.stage", "=", "applied")
    .where("f.campaign_id", "in", campaignIds)
    .groupBy(["f.user_id", "f.campaign_id", "u.status"])
    .select([
      "f.user_id as userId",
      "f.campaign_id as campaignId",
      "u.status as status",
      sql<number | null>`min(a.hour)`.as("first"),
      sql<number | null>`max(a.hour)`.as("last"),
    ])
    .execute();
  return rows.map((r) => ({
    userId: Number(r.userId),
    campaignId: Number(r.campaignId),
    status: r.status,
    first: r.first === null ? null : Number(r.first),
    last: r.last === null ? null : Number(r.last),
  }));
}
