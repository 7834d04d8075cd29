import { type BottleneckReport, findBottlenecks, type Project } from "@quorum/core";
import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { COUNT_CAP, readLanguagePools, readReviewFlow } from "./read-project-signals.js";

/** Leases the skip and expiry rates are measured over: the project's latest, by id (its key). */
export const LEASE_WINDOW = 5_000;
/** An unfinished task with judgments that has not moved for this long is stuck. */
export const STUCK_AFTER_HOURS = 24;

/**
 * Where a project's work is held up (core's `findBottlenecks`), from bounded reads: the latest
 * `LEASE_WINDOW` leases by how they ended, open tasks per language and the people eligible for
 * them, stuck tasks (capped at `COUNT_CAP`) and the review queue.
 */
export async function readBottlenecks(db: Kysely<DB>, project: Project, now: number): Promise<BottleneckReport> {
  const latest = db
    .selectFrom("assignments")
    .select(["status", "created_at"])
    .where("project_id", "=", project.id)
    .orderBy("id", "desc")
    .limit(LEASE_WINDOW);
  const leases = await db
    .selectFrom(latest.as("latest"))
    .select((eb) => [
      eb.fn.countAll<number>().as("issued"),
      eb.fn.sum<number>(eb.case().when("status", "=", "skipped").then(1).else(0).end()).as("skipped"),
      eb.fn.sum<number>(eb.case().when("status", "=", "expired").then(1).else(0).end()).as("expired"),
      eb.fn.min<number>("created_at").as("since"),
    ])
    .executeTakeFirstOrThrow();
  const stuckBefore = now - STUCK_AFTER_HOURS * 3_600_000;
  const stuck = await db
    .selectFrom(
      db
        .selectFrom("tasks")
        .select("id")
        .where("project_id", "=", project.id)
        .where("status", "in", ["open", "full"])
        .where("judgment_count", ">", 0)
        .where("updated_at", "<", stuckBefore)
        .limit(COUNT_CAP + 1)
        .as("stuck"),
    )
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const reviews = await readReviewFlow(db, project.id, now);
  return findBottlenecks({
    leases: {
      issued: Number(leases.issued),
      skipped: Number(leases.skipped ?? 0),
      expired: Number(leases.expired ?? 0),
      since: leases.since === null || leases.since === undefined ? null : Number(leases.since),
    },
    languages: await readLanguagePools(db, project),
    stuckTasks: Number(stuck.n),
    stuckAfterHours: STUCK_AFTER_HOURS,
    reviews: { pending: reviews.pending, oldestPendingAt: reviews.oldestPendingAt },
    now,
  });
}
