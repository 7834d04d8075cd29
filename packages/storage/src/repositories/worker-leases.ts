import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

/**
 * Takes or renews the lease `name` for `holder` until `now + ttlMs`: true when `holder` holds it
 * now. One conditional upsert, so of several processes only one wins until the lease lapses.
 */
export async function acquireWorkerLease(
  db: Kysely<DB>,
  lease: { name: string; holder: string; now: number; ttlMs: number },
): Promise<boolean> {
  const row = await db
    .insertInto("worker_leases")
    .values({ name: lease.name, holder: lease.holder, expires_at: lease.now + lease.ttlMs })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet({ holder: sql`excluded.holder`, expires_at: sql`excluded.expires_at` })
        .where((eb) =>
          eb.or([eb("worker_leases.holder", "=", lease.holder), eb("worker_leases.expires_at", "<=", lease.now)]),
        ),
    )
    .returning("holder")
    .executeTakeFirst();
  return row?.holder === lease.holder;
}

/** Gives the lease up (on a clean stop), so another process may take over at once. */
export async function releaseWorkerLease(db: Kysely<DB>, name: string, holder: string): Promise<void> {
  await db.deleteFrom("worker_leases").where("name", "=", name).where("holder", "=", holder).execute();
}
