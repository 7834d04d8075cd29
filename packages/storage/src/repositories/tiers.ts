import { readTier, TIERS, type Tier } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { forgetUserCredentials } from "./credential-cache.js";

export interface TierChange {
  id: number;
  userId: number;
  from: Tier;
  to: Tier;
  reason: string;
  /** null: made by the rules. */
  actorId: number | null;
  createdAt: number;
  reversedBy: number | null;
  reversedAt: number | null;
}

/** A person's tier (`users.tier`); the first tier for an unknown id. */
export async function tierOf(db: Kysely<DB>, userId: number): Promise<Tier> {
  const row = await db.selectFrom("users").select("tier").where("id", "=", userId).executeTakeFirst();
  return row ? readTier(row.tier, "users.tier") : TIERS[0];
}

/**
 * Sets a person's tier. The tier rides on the account (the session's user), so cached credentials
 * are forgotten: eligibility follows the change at once in this process, within
 * `CREDENTIAL_CACHE_MS` in others.
 */
export async function saveTier(db: Kysely<DB>, userId: number, tier: Tier): Promise<void> {
  await db.updateTable("users").set({ tier }).where("id", "=", userId).execute();
  forgetUserCredentials(userId);
}

export async function insertTierChange(
  db: Kysely<DB>,
  change: { userId: number; from: Tier; to: Tier; reason: string; actorId: number | null; now: number },
): Promise<number> {
  const row = await db
    .insertInto("tier_changes")
    .values({
      user_id: change.userId,
      from_tier: change.from,
      to_tier: change.to,
      reason: change.reason,
      actor_id: change.actorId,
      created_at: change.now,
      reversed_by: null,
      reversed_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

type Row = {
  id: number;
  user_id: number;
  from_tier: string;
  to_tier: string;
  reason: string;
  actor_id: number | null;
  created_at: number;
  reversed_by: number | null;
  reversed_at: number | null;
};

const toChange = (r: Row): TierChange => ({
  id: Number(r.id),
  userId: Number(r.user_id),
  from: readTier(r.from_tier, "tier_changes.from_tier"),
  to: readTier(r.to_tier, "tier_changes.to_tier"),
  reason: r.reason,
  actorId: r.actor_id === null ? null : Number(r.actor_id),
  createdAt: Number(r.created_at),
  reversedBy: r.reversed_by === null ? null : Number(r.reversed_by),
  reversedAt: r.reversed_at === null ? null : Number(r.reversed_at),
});

/** A person's tier changes, newest first. */
export async function listTierChanges(db: Kysely<DB>, userId: number, limit = 50): Promise<TierChange[]> {
  const rows = await db
    .selectFrom("tier_changes")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toChange);
}

/** Marks a change reversed if it is not already; returns whether it was. */
export async function markTierChangeReversed(
  db: Kysely<DB>,
  id: number,
  actorId: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("tier_changes")
    .set({ reversed_by: actorId, reversed_at: now })
    .where("id", "=", id)
    .where("reversed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
