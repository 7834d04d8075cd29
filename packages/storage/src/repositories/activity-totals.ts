import { type Kysely, PostgresAdapter, sql } from "kysely";
import type { DB } from "../schema.js";
import { hourOf } from "./activity-hourly.js";
import { listProjects } from "./projects.js";

// The `activity_totals` rows (see migration 20261204010000-totals-activity-folds): `activity_hourly`
// summed per project and annotator over the hours before the project's watermark
// (`activity_folds.folded_until`), moved on by `foldActivityTotals`.

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

/**
 * The project's folded totals as stored, one per annotator, by annotator id, and their watermark,
 * read in one statement so that a fold cannot come between them.
 */
export async function storedActivityTotals(
  db: Kysely<DB>,
  projectId: number,
): Promise<{ foldedUntil: number; totals: ActivityTotals[] }> {
  const { rows } = await sql<{
    folded_until: number | string | null;
    annotator_id: number | string | null;
    judgments: number | string | null;
    active_ms: number | string | null;
    gold_answered: number | string | null;
    gold_correct: number | string | null;
  }>`select f.folded_until, t.annotator_id, t.judgments, t.active_ms, t.gold_answered, t.gold_correct
    from (select 1 as one) project
    left join activity_folds f on f.project_id = ${projectId}
    left join activity_totals t on t.project_id = ${projectId}
    order by t.annotator_id`.execute(db);
  const totals = rows.flatMap(({ annotator_id, ...row }) =>
    annotator_id === null ? [] : [toTotals({ annotator_id, ...row })],
  );
  return { foldedUntil: Number(rows[0]?.folded_until ?? 0), totals };
}

/** The project's totals worked out from its hourly roll-up (the hours before `before`, or all). */
export async function recountActivityTotals(
  db: Kysely<DB>,
  projectId: number,
  before = Number.MAX_SAFE_INTEGER,
): Promise<ActivityTotals[]> {
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
    .where("hour", "<", before)
    .groupBy("annotator_id")
    .execute();
  return rows.map(toTotals).sort(byAnnotator);
}

/**
 * On PostgreSQL, waits for every transaction that has written the hourly roll-up to end and keeps
 * new writers out until commit (and other folders and rebuilds, the mode conflicting with itself):
 * the hourly rows read next are complete, and a writer that comes after sees the new watermark,
 * so its triggers move the totals if it changes a folded hour. Judgments wait for the lock, so
 * hold it briefly; `waitMs` bounds the wait (a long bulk writer makes the fold fail, not hang).
 */
async function lockHourlyRollup(trx: Kysely<DB>, waitMs?: number): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  if (waitMs !== undefined) await sql.raw(`set local lock_timeout = ${Math.ceil(waitMs)}`).execute(trx);
  await sql`lock table activity_hourly in share row exclusive mode`.execute(trx);
}

/**
 * Folds every project's hours that closed before `now`'s hour into its totals and moves its
 * watermark there, in one transaction; returns how many projects moved. Idempotent, and safe with
 * several server processes: a fold with nothing to do takes no lock, and two folds take turns
 * (each reads the watermark under the lock). SQLite has one writer at a time.
 */
export async function foldActivityTotals(db: Kysely<DB>, options: { now: number; lockWaitMs?: number }) {
  const foldedUntil = hourOf(options.now);
  const behind = sql<{ id: number }>`select p.id from projects p
    left join activity_folds f on f.project_id = p.id
    where f.folded_until is null or f.folded_until < ${foldedUntil} limit 1`;
  if ((await behind.execute(db)).rows.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    await lockHourlyRollup(trx, options.lockWaitMs);
    await sql`insert into activity_folds (project_id, folded_until) select id, 0 from projects
      where true on conflict (project_id) do nothing`.execute(trx);
    return foldHours(trx, foldedUntil);
  });
}

/**
 * Replaces the project's totals with a recount of its hourly roll-up before `now`'s hour and moves
 * its watermark there. Pass a transaction (see `lockHourlyRollup` for PostgreSQL).
 */
export async function rebuildActivityTotals(trx: Kysely<DB>, projectId: number, now: number): Promise<void> {
  await lockHourlyRollup(trx);
  await trx
    .insertInto("activity_folds")
    .values({ project_id: projectId, folded_until: 0 })
    .onConflict((oc) => oc.column("project_id").doUpdateSet({ folded_until: 0 }))
    .execute();
  await trx.deleteFrom("activity_totals").where("project_id", "=", projectId).execute();
  await foldHours(trx, hourOf(now), projectId);
}

/**
 * Adds the hourly rows from each watermark up to `foldedUntil` to the totals and moves the
 * watermarks there, for every project behind it (or only `projectId`); returns how many moved.
 */
async function foldHours(trx: Kysely<DB>, foldedUntil: number, projectId?: number): Promise<number> {
  const onlyProject = projectId === undefined ? sql`` : sql`and f.project_id = ${projectId}`;
  await sql`insert into activity_totals (project_id, annotator_id, judgments, active_ms, gold_answered, gold_correct)
    select h.project_id, h.annotator_id, sum(h.judgments), sum(h.active_ms), sum(h.gold_answered), sum(h.gold_correct)
    from activity_folds f join activity_hourly h on h.project_id = f.project_id
      and h.hour >= f.folded_until and h.hour < ${foldedUntil}
    where f.folded_until < ${foldedUntil} ${onlyProject}
    group by h.project_id, h.annotator_id
    on conflict (project_id, annotator_id) do update set judgments = activity_totals.judgments + excluded.judgments,
      active_ms = activity_totals.active_ms + excluded.active_ms,
      gold_answered = activity_totals.gold_answered + excluded.gold_answered,
      gold_correct = activity_totals.gold_correct + excluded.gold_correct`.execute(trx);
  let moved = trx
    .updateTable("activity_folds")
    .set({ folded_until: foldedUntil })
    .where("folded_until", "<", foldedUntil);
  if (projectId !== undefined) moved = moved.where("project_id", "=", projectId);
  return Number((await moved.executeTakeFirst()).numUpdatedRows);
}

/** Rebuilds the totals of every project, each in its own transaction. */
export async function rebuildAllActivityTotals(db: Kysely<DB>, now: number): Promise<number> {
  const projects = await listProjects(db);
  for (const project of projects) await db.transaction().execute((trx) => rebuildActivityTotals(trx, project.id, now));
  return projects.length;
}
