import { type Kysely, PostgresAdapter, sql } from "kysely";
import * as everyHourTotals from "./20261203031000-activity-totals.js";

type AnyDb = Kysely<unknown>;

const HOUR = 3_600_000;

/**
 * Per-annotator totals of closed hours only (issue 8). `activity_totals` holds each project's
 * `activity_hourly` summed over the hours before its watermark, `activity_folds.folded_until` (an
 * hour boundary, epoch ms; no row means 0). A periodic job folds the hours that closed since into
 * the totals and moves the watermark; readers add the hourly rows from the watermark on. A
 * judgment writes the current hour, above the watermark, so the triggers below write nothing for
 * it: they only follow changes to hours already folded (an appeal regrade, a review undo or a
 * lease end reaching back, bulk SQL), each the totals row of the annotator whose hourly row moved.
 */
const SUMS = ["judgments", "active_ms", "gold_answered", "gold_correct"] as const;

/**
 * `insert ... on conflict` adding `row`'s sums (negated with `sign` "-") to its (project, annotator)
 * totals, when `where` holds.
 */
function addTo(row: "old" | "new", sign: "" | "-", where = "true"): string {
  return `insert into activity_totals (project_id, annotator_id, ${SUMS.join(", ")})
    select ${row}.project_id, ${row}.annotator_id, ${SUMS.map((c) => `${sign}${row}.${c}`).join(", ")} where ${where}
    on conflict (project_id, annotator_id) do update set ${SUMS.map((c) => `${c} = activity_totals.${c} + excluded.${c}`).join(", ")}`;
}

const watermark = (row: "old" | "new") =>
  `(select folded_until from activity_folds where project_id = ${row}.project_id)`;
const folded = (row: "old" | "new") => `${row}.hour < ${watermark(row)}`;
const sameRow = "old.project_id = new.project_id and old.hour = new.hour and old.annotator_id = new.annotator_id";
const COLUMNS = `project_id, hour, annotator_id, ${SUMS.join(", ")}`;
// The previous migration's SQLite triggers included (`activity_totals_move`).
const TRIGGERS = ["activity_totals_insert", "activity_totals_update", "activity_totals_move", "activity_totals_delete"];

function sqliteTriggers(changed: string): string[] {
  return [
    `create trigger activity_totals_insert after insert on activity_hourly
     when ${folded("new")} begin ${addTo("new", "")}; end`,
    // A judgment's update looks the watermark up once: the old project's is only read when it moves.
    `create trigger activity_totals_update after update of ${COLUMNS} on activity_hourly
     when (min(old.hour, new.hour) < ${watermark("new")}
       or (old.project_id <> new.project_id and ${folded("old")})) and (${changed})
     begin ${addTo("old", "-", folded("old"))}; ${addTo("new", "", folded("new"))}; end`,
    `create trigger activity_totals_delete after delete on activity_hourly
     when ${folded("old")} begin ${addTo("old", "-")}; end`,
  ];
}

// PostgreSQL allows no subquery in a trigger's WHEN: the function looks the watermark up itself.
function postgresTriggers(changed: string): string[] {
  const body = `
    declare
      until bigint;
    begin
      if tg_op <> 'INSERT' then
        select folded_until into until from activity_folds where project_id = old.project_id;
        if old.hour < until then ${addTo("old", "-")}; end if;
      end if;
      if tg_op <> 'DELETE' then
        if tg_op = 'INSERT' or old.project_id <> new.project_id then
          select folded_until into until from activity_folds where project_id = new.project_id;
        end if;
        if new.hour < until then ${addTo("new", "")}; end if;
      end if;
      return null;
    end`;
  return [
    `create function activity_totals_on_change() returns trigger language plpgsql as $$ ${body} $$`,
    `create trigger activity_totals_insert after insert on activity_hourly
     for each row execute function activity_totals_on_change()`,
    `create trigger activity_totals_update after update on activity_hourly
     for each row when (${changed}) execute function activity_totals_on_change()`,
    `create trigger activity_totals_delete after delete on activity_hourly
     for each row execute function activity_totals_on_change()`,
  ];
}

async function dropTriggers(db: AnyDb, pg: boolean): Promise<void> {
  for (const trigger of TRIGGERS)
    await sql
      .raw(pg ? `drop trigger if exists ${trigger} on activity_hourly` : `drop trigger if exists ${trigger}`)
      .execute(db);
  if (pg) await sql`drop function if exists activity_totals_on_change()`.execute(db);
}

export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? "bigint" : "integer";
  // No judgment may change the hourly roll-up between the old triggers going and the new coming.
  if (pg) await sql`lock table activity_hourly in share row exclusive mode`.execute(db);
  await dropTriggers(db, pg);
  const table = db.schema
    .createTable("activity_folds")
    .addColumn("project_id", big, (c) => c.primaryKey())
    .addColumn("folded_until", big, (c) => c.notNull());
  await (pg ? table : table.modifyEnd(sql`without rowid`)).execute();

  // Every hour before the current one is closed: fold them all now.
  const foldedUntil = Math.floor(Date.now() / HOUR) * HOUR;
  await sql`insert into activity_folds (project_id, folded_until) select id, ${foldedUntil} from projects`.execute(db);
  await sql`delete from activity_totals`.execute(db);
  await sql`insert into activity_totals (project_id, annotator_id, ${sql.raw(SUMS.join(", "))})
    select project_id, annotator_id, ${sql.raw(SUMS.map((c) => `sum(${c})`).join(", "))}
    from activity_hourly where hour < ${foldedUntil} group by project_id, annotator_id`.execute(db);

  const distinct = SUMS.map((c) => `old.${c} ${pg ? "is distinct from" : "is not"} new.${c}`).join(" or ");
  const changed = `not (${sameRow}) or ${distinct}`;
  for (const statement of pg ? postgresTriggers(changed) : sqliteTriggers(changed))
    await sql.raw(statement).execute(db);
}

/** Back to totals of every hour, kept by the previous migration's triggers. */
export async function down(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) await sql`lock table activity_hourly in share row exclusive mode`.execute(db);
  await dropTriggers(db, pg);
  await db.schema.dropTable("activity_folds").execute();
  await everyHourTotals.down(db);
  await everyHourTotals.up(db);
}
