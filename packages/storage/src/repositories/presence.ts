import { presenceSlot } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

/**
 * Records a heartbeat: one upsert of the person's quarter-hour bucket that sets the minute's bit
 * and counts it only if it was not set, so retries and several open tabs count a minute once.
 */
export async function recordPresence(db: Kysely<DB>, userId: number, at: number): Promise<void> {
  const { bucketStart, minuteBit } = presenceSlot(at);
  await db
    .insertInto("presence_buckets")
    .values({ user_id: userId, bucket_start: bucketStart, minute_mask: minuteBit, minutes: 1 })
    .onConflict((oc) =>
      oc.columns(["user_id", "bucket_start"]).doUpdateSet({
        minute_mask: sql`presence_buckets.minute_mask | ${minuteBit}`,
        minutes: sql`presence_buckets.minutes + (case when (presence_buckets.minute_mask & ${minuteBit}) = 0 then 1 else 0 end)`,
      }),
    )
    .execute();
}

/** A person's presence buckets from `from` (the primary key's range). */
export async function personPresence(db: Kysely<DB>, userId: number, from: number) {
  const rows = await db
    .selectFrom("presence_buckets")
    .select(["bucket_start", "minutes"])
    .where("user_id", "=", userId)
    .where("bucket_start", ">=", from)
    .execute();
  return rows.map((r) => ({ bucketStart: Number(r.bucket_start), minutes: Number(r.minutes) }));
}

/** Minutes present per person from `from`, for the people given (everyone when omitted). */
export async function presenceMinutesSince(db: Kysely<DB>, from: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("presence_buckets")
    .select(["user_id", (eb) => eb.fn.sum<number | string>("minutes").as("minutes")])
    .where("bucket_start", ">=", from)
    .groupBy("user_id")
    .execute();
  return new Map(rows.map((r) => [Number(r.user_id), Number(r.minutes)]));
}

/** Inserts whole presence buckets (demo data and imports of history); a bucket already there is left as it is. */
export async function insertPresenceBuckets(
  db: Kysely<DB>,
  buckets: readonly { userId: number; bucketStart: number; minutes: number }[],
): Promise<void> {
  for (let i = 0; i < buckets.length; i += 500) {
    const rows = buckets.slice(i, i + 500).map((b) => {
      const minutes = Math.max(1, Math.min(15, Math.round(b.minutes)));
      return { user_id: b.userId, bucket_start: b.bucketStart, minute_mask: (1 << minutes) - 1, minutes };
    });
    await db
      .insertInto("presence_buckets")
      .values(rows)
      .onConflict((oc) => oc.columns(["user_id", "bucket_start"]).doNothing())
      .execute();
  }
}
