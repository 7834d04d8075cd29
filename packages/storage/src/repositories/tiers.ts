import { readTier, TIERS, type Tier } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

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

/** A person's tier; the first tier when none is recorded. */
export async function tierOf(db: Kysely<DB>, userId: number): Promise<Tier> {
  const row = await db.selectFrom("user_tiers").select("tier").where("user_id", "=", userId).executeTakeFirst();
  return row ? readTier(row.tier, "user_tiers.tier") : TIERS[0];
}

/** Every recorded tier, by person. */
export async function allTiers(db: Kysely<DB>): Promise<Map<number, Tier>> {
  const rows = await db.selectFrom("user_tiers").select(["user_id", "tier"]).execute();
  return new Map(rows.map((r) => [Number(r.user_id), readTier(r.tier, "user_tiers.tier")]));
}

export async function saveTier(db: Kysely<DB>, userId: number, tier: Tier, now: number): Promise<void> {
  await db
    .insertInto("user_tiers")
    .values({ user_id: userId, tier, updated_at: now })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ tier, updated_at: now }))
    .execute();
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
