import { type Kysely, PostgresAdapter, sql } from "kysely";

type AnyDb = Kysely<unknown>;

/**
 * Per-annotator totals of a project's activity (issue 8): `activity_hourly` summed over all of its
 * hours, so the project page reads one row per annotator instead of every hourly row of the
 * project's life. Kept by triggers on `activity_hourly`, so every statement that writes the hourly
 * roll-up (a judgment, a lease that ends, a gold answer regraded on appeal, bulk SQL, a migration)
 * moves the totals in its own transaction. An hourly row inserted with nothing but skips or expiries
 * still makes the annotator's totals row (at zero), as it made them appear in the per-annotator list.
 *
 * The row is the annotator's own, like the hourly one the same statement has just written and
 * locked: concurrent judgments of different people never meet on it.
 */
const SUMS = ["judgments", "active_ms", "gold_answered", "gold_correct"] as const;

/** `insert ... on conflict` adding `values` (one expression per SUMS column) to (project, annotator). */
function addTo(project: string, annotator: string, values: readonly string[]): string {
  return `insert into activity_totals (project_id, annotator_id, ${SUMS.join(", ")})
    values (${project}, ${annotator}, ${values.join(", ")})
    on conflict (project_id, annotator_id) do update set ${SUMS.map((c) => `${c} = activity_totals.${c} + excluded.${c}`).join(", ")}`;
}

const of = (r: string) => SUMS.map((c) => `${r}.${c}`);
const negated = (r: string) => SUMS.map((c) => `-${r}.${c}`);
const delta = SUMS.map((c) => `new.${c} - old.${c}`);
const zero = SUMS.map((c) => `new.${c} = 0`).join(" and ");
const sameKeys = "old.project_id = new.project_id and old.annotator_id = new.annotator_id";

function sqliteTriggers(distinct: string): string[] {
  return [
    `create trigger activity_totals_insert after insert on activity_hourly
     begin ${addTo("new.project_id", "new.annotator_id", of("new"))}; end`,
    `create trigger activity_totals_update after update of project_id, annotator_id, ${SUMS.join(", ")} on activity_hourly
     when ${sameKeys} and (${distinct})
     begin ${addTo("new.project_id", "new.annotator_id", delta)}; end`,
    `create trigger activity_totals_move after update of project_id, annotator_id on activity_hourly
     when not (${sameKeys})
     begin ${addTo("old.project_id", "old.annotator_id", negated("old"))};
       ${addTo("new.project_id", "new.annotator_id", of("new"))}; end`,
    `create trigger activity_totals_delete after delete on activity_hourly
     begin ${addTo("old.project_id", "old.annotator_id", negated("old"))}; end`,
  ];
}

function postgresTriggers(distinct: string): string[] {
  const body = `
    if tg_op = 'INSERT' then
      if ${zero} then
        insert into activity_totals (project_id, annotator_id) values (new.project_id, new.annotator_id)
          on conflict (project_id, annotator_id) do nothing;
      else
        ${addTo("new.project_id", "new.annotator_id", of("new"))};
      end if;
    elsif tg_op = 'DELETE' then
      ${addTo("old.project_id", "old.annotator_id", negated("old"))};
    elsif ${sameKeys} then
      ${addTo("new.project_id", "new.annotator_id", delta)};
    else
      ${addTo("old.project_id", "old.annotator_id", negated("old"))};
      ${addTo("new.project_id", "new.annotator_id", of("new"))};
    end if;
    return null;`;
  return [
    `create function activity_totals_on_change() returns trigger language plpgsql as $$ begin ${body} end $$`,
    `create trigger activity_totals_insert after insert on activity_hourly
     for each row execute function activity_totals_on_change()`,
    `create trigger activity_totals_update after update on activity_hourly
     for each row when (not (${sameKeys}) or ${distinct}) execute function activity_totals_on_change()`,
    `create trigger activity_totals_delete after delete on activity_hourly
     for each row execute function activity_totals_on_change()`,
  ];
}

export async function up(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? "bigint" : "integer";
  let table = db.schema
    .createTable("activity_totals")
    .addColumn("project_id", big, (c) => c.notNull())
    .addColumn("annotator_id", big, (c) => c.notNull());
  for (const column of SUMS) table = table.addColumn(column, big, (c) => c.notNull().defaultTo(0));
  table = table.addPrimaryKeyConstraint("activity_totals_pk", ["project_id", "annotator_id"]);
  await (pg ? table : table.modifyEnd(sql`without rowid`)).execute();
  await sql`insert into activity_totals (project_id, annotator_id, ${sql.raw(SUMS.join(", "))})
    select project_id, annotator_id, ${sql.raw(SUMS.map((c) => `sum(${c})`).join(", "))}
    from activity_hourly group by project_id, annotator_id`.execute(db);
  const distinct = SUMS.map((c) => `old.${c} ${pg ? "is distinct from" : "is not"} new.${c}`).join(" or ");
  for (const statement of pg ? postgresTriggers(distinct) : sqliteTriggers(distinct))
    await sql.raw(statement).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const triggers = [
    "activity_totals_insert",
    "activity_totals_update",
    "activity_totals_move",
    "activity_totals_delete",
  ];
  for (const trigger of triggers)
    await sql
      .raw(pg ? `drop trigger if exists ${trigger} on activity_hourly` : `drop trigger if exists ${trigger}`)
      .execute(db);
  if (pg) await sql`drop function if exists activity_totals_on_change()`.execute(db);
  await db.schema.dropTable("activity_totals").execute();
}
