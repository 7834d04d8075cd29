import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

export async function referralCodeOf(db: Kysely<DB>, userId: number): Promise<string | undefined> {
  const row = await db.selectFrom("referral_codes").select("code").where("user_id", "=", userId).executeTakeFirst();
  return row?.code;
}

/** Inserts the code unless the person has one; returns the code in force. */
export async function saveReferralCode(db: Kysely<DB>, userId: number, code: string, now: number): Promise<string> {
  await db
    .insertInto("referral_codes")
    .values({ code, user_id: userId, created_at: now })
    .onConflict((oc) => oc.column("user_id").doNothing())
    .execute();
  return (await referralCodeOf(db, userId))!;
}

export async function referrerOf(db: Kysely<DB>, code: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("referral_codes")
    .select("user_id")
    .where("code", "=", code.trim().toUpperCase())
    .executeTakeFirst();
  return row && Number(row.user_id);
}
