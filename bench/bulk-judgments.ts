import type { Database } from "@quorum/storage";
import { type RawBuilder, sql } from "kysely";

export interface BulkOptions {
  projectId: number;
  /** The annotators who answer; each task gets `overlap` different ones, rotating. */
  annotatorIds: number[];
  overlap: number;
  now: number;
  /** Tasks per statement (each chunk is its own transaction). */
  chunkTasks?: number;
  log?: (line: string) => void;
}

/**
 * Gives every task of a project `overlap` judgments straight in the database, with bulk
 * INSERT ... SELECT (portable between SQLite and PostgreSQL): a submitted assignment per
 * judgment, the judgment itself, the task's counters, status and majority-vote aggregate, and the
 * hourly activity roll-up, all consistent with what the API would have written.
 *
 * Task t gets the annotators at positions (3t + k) mod N, k = 0..overlap-1, so they are distinct.
 * Answers are `t mod 5`, except that when t is a multiple of 4 the last annotator answers
 * `(t + 1) mod 5`: the aggregate is always `t mod 5`, with agreement 1 or (overlap-1)/overlap.
 */
export async function bulkJudgments(
  database: Database,
  options: BulkOptions,
): Promise<{ judgments: number; seconds: number }> {
  const { db, dialect } = database;
  const { projectId, overlap, now } = options;
  const started = performance.now();
  const ids = [...options.annotatorIds].sort((a, b) => a - b);
  const n = ids.length;
  if (n < overlap) throw new Error(`need at least ${overlap} annotators, have ${n}`);
  const contiguous = ids.every((id, i) => id === ids[0]! + i);

  const project = await db
    .selectFrom("projects")
    .select("guideline_version")
    .where("id", "=", projectId)
    .executeTakeFirstOrThrow();
  const range = await db
    .selectFrom("tasks")
    .select((eb) => [eb.fn.min<number>("id").as("lo"), eb.fn.max<number>("id").as("hi")])
    .where("project_id", "=", projectId)
    .executeTakeFirstOrThrow();
  const lo = Number(range.lo);
  const hi = Number(range.hi);
  const lit = (value: number) => sql.raw(String(Math.trunc(value)));
  const N = lit(n);
  const positions = sql.raw(Array.from({ length: overlap }, (_, k) => `select ${k} as k`).join(" union all "));

  // The annotator at position p, and the position of an annotator id: arithmetic when the ids
  // are contiguous (the usual case: they were created in one go), otherwise a VALUES table.
  const people = sql.raw(`(values ${ids.map((id, i) => `(${i}, ${id})`).join(", ")})`);
  const annotatorAt = (position: RawBuilder<unknown>) =>
    contiguous ? sql`${lit(ids[0]!)} + ${position}` : sql`people.column2`;
  const positionOf = contiguous ? sql`(a.annotator_id - ${lit(ids[0]!)})` : sql`people.column1`;
  const value = sql`cast(case when ((${positionOf} - (a.task_id * 3) % ${N} + ${N}) % ${N}) = ${lit(overlap - 1)} and a.task_id % 4 = 0 then (a.task_id + 1) % 5 else a.task_id % 5 end as text)`;
  const agreement = overlap > 1 ? (overlap - 1) / overlap : 1;

  const chunk = options.chunkTasks ?? 100_000;
  let judgments = 0;
  for (let from = lo - 1; from < hi; from += chunk) {
    const to = Math.min(hi, from + chunk);
    await db.transaction().execute(async (trx) => {
      const position = sql`(t.id * 3 + ks.k) % ${N}`;
      await sql`
        insert into assignments (project_id, task_id, annotator_id, status, created_at, expires_at, finished_at)
        select t.project_id, t.id, ${annotatorAt(position)}, 'submitted', ${lit(now - 60_000)}, ${lit(now + 540_000)}, ${lit(now)}
        from tasks t
        cross join (${positions}) ks
        ${contiguous ? sql`` : sql`join ${people} as people on people.column1 = ${position}`}
        where t.project_id = ${lit(projectId)} and t.id > ${lit(from)} and t.id <= ${lit(to)}
        order by t.id, ks.k`.execute(trx);
      const inserted = await sql`
        insert into judgments (project_id, assignment_id, task_id, annotator_id, value, guideline_version, active_ms, client_key, gold_correct, created_at)
        select a.project_id, a.id, a.task_id, a.annotator_id, ${value}, ${lit(project.guideline_version)},
          1000 + (a.id * 37) % 20000, 'bulk-' || a.id,
          case when t.gold is null then null when t.gold = ${value} then 1 else 0 end,
          ${lit(now)} - (a.id * 7919) % 259200000
        from assignments a
        join tasks t on t.project_id = a.project_id and t.id = a.task_id
        ${contiguous ? sql`` : sql`join ${people} as people on people.column2 = a.annotator_id`}
        where a.project_id = ${lit(projectId)} and a.task_id > ${lit(from)} and a.task_id <= ${lit(to)} and a.status = 'submitted'
        order by a.id`.execute(trx);
      judgments += Number(inserted.numAffectedRows ?? 0);
      await sql`
        update tasks set slots_taken = ${lit(overlap)}, judgment_count = ${lit(overlap)}, status = 'done',
          aggregate = '{"value":' || (id % 5) || ',"method":"majority"}',
          confidence = case when id % 4 = 0 then ${sql.raw(String(agreement))} else 1 end,
          updated_at = ${lit(now)}
        where project_id = ${lit(projectId)} and id > ${lit(from)} and id <= ${lit(to)}`.execute(trx);
    });
    options.log?.(
      `  bulk judgments: tasks ${from + 1}..${to} done (${judgments.toLocaleString("en-US")} judgments so far)`,
    );
  }
  await sql`
    insert into activity_hourly (project_id, hour, annotator_id, judgments, active_ms, gold_answered, gold_correct)
    select project_id, (created_at / 3600000) * 3600000, annotator_id, count(*), sum(active_ms),
      sum(case when gold_correct is null then 0 else 1 end), sum(coalesce(gold_correct, 0))
    from judgments where project_id = ${lit(projectId)}
    group by project_id, (created_at / 3600000) * 3600000, annotator_id`.execute(db);
  if (dialect === "postgres") await sql`analyze tasks, assignments, judgments`.execute(db);
  return { judgments, seconds: (performance.now() - started) / 1000 };
}
