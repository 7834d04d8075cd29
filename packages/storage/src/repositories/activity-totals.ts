import { type Kysely, PostgresAdapter, sql } from "kysely";
import type { DB } from "../schema.js";
import { listProjects } from "./projects.js";

// The `activity_totals` rows (see migration 20261203031000-activity-totals): `activity_hourly`
// summed over all hours per project and annotator, kept by triggers on `activity_hourly`.

export interface ActivityTotals {
  annotatorId: number;
  judgments: number;
  activeMs: number;
  goldAnswered: number;
  goldCorrect: number;
}

const toTotals = (row: {
  annotator_id: number | string;
  judgments: number | string | null;
  active_ms: number | string | null;
  gold_answered: number | string | null;
  gold_correct: number | string | null;
}): ActivityTotals => ({
  annotatorId: Number(row.annotator_id),
  judgments: Number(row.judgments ?? 0),
  activeMs: Number(row.active_ms ?? 0),
  goldAnswered: Number(row.gold_answered ?? 0),
  goldCorrect: Number(row.gold_correct ?? 0),
});

const byAnnotator = (a: ActivityTotals, b: ActivityTotals) => a.annotatorId - b.annotatorId;

/** The project's totals as stored, one per annotator, by annotator id. */
export async function storedActivityTotals(db: Kysely<DB>, projectId: number): Promise<ActivityTotals[]> {
  const rows = await db
    .selectFrom("activity_totals")
    .select(["annotator_id", "judgments", "active_ms", "gold_answered", "gold_correct"])
    .where("project_id", "=", projectId)
    .orderBy("annotator_id")
    .execute();
  return rows.map(toTotals);
}

/** The project's totals worked out from its hourly roll-up (one pass over its rows). */
export async function recountActivityTotals(db: Kysely<DB>, projectId: number): Promise<ActivityTotals[]> {
  const rows = await db
    .selectFrom("activity_hourly")
    .select((eb) => [
      "annotator_id",
      eb.fn.sum<number>("judgments").as("judgments"),
      eb.fn.sum<number>("active_ms").as("active_ms"),
      eb.fn.sum<number>("gold_answered").as("gold_answered"),
      eb.fn.sum<number>("gold_correct").as("gold_correct"),
    ])
    .where("project_id", "=", projectId)
    .groupBy("annotator_id")
    .execute();
  return rows.map(toTotals).sort(byAnnotator);
}

/**
 * Replaces the project's totals with a recount of its hourly roll-up. Pass a transaction: on
 * PostgreSQL it first locks the totals table against writes, so a judgment that changed an hourly
 * row before the lock has committed (and is in the recount), and one after it waits and then adds
 * its change to the recount. SQLite has one writer at a time.
 */
export async function rebuildActivityTotals(trx: Kysely<DB>, projectId: number): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter)
    await sql`lock table activity_totals in share row exclusive mode`.execute(trx);
  await trx.deleteFrom("activity_totals").where("project_id", "=", projectId).execute();
  await sql`insert into activity_totals (project_id, annotator_id, judgments, active_ms, gold_answered, gold_correct)
    select project_id, annotator_id, sum(judgments), sum(active_ms), sum(gold_answered), sum(gold_correct)
    from activity_hourly where project_id = ${projectId} group by project_id, annotator_id`.execute(trx);
}

/** Rebuilds the totals of every project, each in its own transaction. */
export async function rebuildAllActivityTotals(db: Kysely<DB>): Promise<number> {
  const projects = await listProjects(db);
  for (const project of projects) await db.transaction().execute((trx) => rebuildActivityTotals(trx, project.id));
  return projects.length;
}
