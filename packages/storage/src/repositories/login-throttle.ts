import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

/** A counter of sign-in attempts under one key, in the current fixed window. */
export interface AttemptCount {
  attempts: number;
  windowStart: number;
  /** Slow mode: when the next attempt under this key may be evaluated (epoch ms; 0 when free). */
  nextAt: number;
}

/**
 * Counts one attempt under `key` and returns the count, in one statement: concurrent attempts
 * (from any server process) each see a distinct count, so a burst cannot all pass a limit checked
 * before the slow password hash. A window older than `windowMs` starts again at 1.
 */
export async function countAttempt(db: Kysely<DB>, key: string, now: number, windowMs: number): Promise<AttemptCount> {
  const expired = sql<boolean>`login_throttle.window_start <= ${now - windowMs}`;
  const result = await sql<{ attempts: number; window_start: number; next_at: number }>`
    insert into login_throttle (key, window_start, attempts, next_at) values (${key}, ${now}, 1, 0)
    on conflict (key) do update set
      attempts = case when ${expired} then 1 else login_throttle.attempts + 1 end,
      window_start = case when ${expired} then ${now} else login_throttle.window_start end,
      next_at = case when ${expired} then 0 else login_throttle.next_at end
    returning attempts, window_start, next_at`.execute(db);
  const row = result.rows[0]!;
  return { attempts: Number(row.attempts), windowStart: Number(row.window_start), nextAt: Number(row.next_at) };
}

/** Takes back one counted attempt (a sign-in that succeeded, or one that was never evaluated). */
export async function refundAttempt(db: Kysely<DB>, key: string): Promise<void> {
  await db
    .updateTable("login_throttle")
    .set((eb) => ({ attempts: eb("attempts", "-", 1) }))
    .where("key", "=", key)
    .where("attempts", ">", 0)
    .execute();
}

/**
 * Slow mode: claims the right to evaluate one attempt under `key` now, when the previous claim is
 * at least `intervalMs` old. At most one caller wins each interval, across processes.
 */
export async function claimAttemptSlot(db: Kysely<DB>, key: string, now: number, intervalMs: number): Promise<boolean> {
  const result = await db
    .updateTable("login_throttle")
    .set({ next_at: now + intervalMs })
    .where("key", "=", key)
    .where("next_at", "<=", now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Forgets counters whose window ended before `before` (keeps the table as small as recent traffic). */
export async function pruneAttempts(db: Kysely<DB>, before: number): Promise<void> {
  await db.deleteFrom("login_throttle").where("window_start", "<", before).where("next_at", "<", before).execute();
}
