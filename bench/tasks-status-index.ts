/**
 * `node --import tsx bench/tasks-status-index.ts [--tasks N] [--pg-url URL]`: what the queries that
 * can read `tasks_status (project_id, status)` do without it. On each dialect it imports the
 * bench's generated tasks (bench/generate.ts) into a fresh database, settles some of them (30%
 * done, 10% full, 1% cancelled; a second, small project beside it), runs ANALYZE, and prints for
 * each query its plan and its median time over 5 runs, first with the index and then after
 * dropping it. The queries are those of the repositories that filter tasks by status with
 * parameters (the partial indexes hold literal conditions), written out as Kysely compiles them.
 */
import { createReadStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseLabelSchema, parseTasks } from "@quorum/core";
import { type Database, importTasks, seedProject } from "@quorum/storage";
import { CompiledQuery, sql } from "kysely";
import { BENCH_PG_URL, type BenchDatabase, forEachBenchDatabase } from "./bench-databases.js";
import { generateTasksFile } from "./generate.js";
import { ROOT } from "./processes.js";

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: "200000" },
    "pg-url": { type: "string", default: BENCH_PG_URL },
  },
});

/** Where each query comes from, and its text with `$1`-style parameters (rewritten to `?` on SQLite). */
const QUERIES: { name: string; text: string; parameters: (projectId: number) => unknown[] }[] = [
  {
    name: "console task list filtered by a rare status (repositories/tasks.ts listTasks)",
    text: "select id from tasks where project_id = $1 and id > $2 and status = $3 order by id limit 50",
    parameters: (p) => [p, 0, "cancelled"],
  },
  {
    name: "refit: the project's done tasks (use-cases/refit-project.ts)",
    text: "select id from tasks where project_id = $1 and status = $2",
    parameters: (p) => [p, "done"],
  },
  {
    name: "project completed: done tasks counted (use-cases/record-completion-events.ts)",
    text: "select count(*) as n from tasks where project_id = $1 and status = $2",
    parameters: (p) => [p, "done"],
  },
  {
    name: "capacity plan: open work by language and deadline (use-cases/read-capacity-plan.ts)",
    text: `select project_id, language, deadline_key, sum(required - judgment_count) as "left" from tasks
      where project_id in ($1) and status in ($2, $3) and required > judgment_count
      group by project_id, language, deadline_key`,
    parameters: (p) => [p, "open", "full"],
  },
  {
    name: "batches page: tasks by batch and status (repositories/batches.ts listBatches)",
    text: "select batch_id, status, count(*) as tasks from tasks where project_id = $1 group by batch_id, status",
    parameters: (p) => [p],
  },
];

async function fill(database: Database, tasks: number): Promise<number> {
  mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
  const file = await generateTasksFile(join(ROOT, "bench", "out", `tasks-${tasks}.jsonl`), tasks);
  const schema = parseLabelSchema({ type: "rating", min: 0, max: 4 });
  await seedProject(database, { schema, tasks: [{ data: { text: "another project" } }], now: Date.now() });
  const { project } = await seedProject(database, { schema, overlap: 3, tasks: [], now: Date.now() });
  await importTasks(database.db, {
    project,
    records: parseTasks("jsonl", createReadStream(file.path, { encoding: "utf8" }), schema),
    batchName: "bench",
    actorId: 0,
    now: Date.now(),
    writeWhileReading: true,
  });
  await sql`update tasks set status = case when id % 100 < 30 then 'done' when id % 100 < 40 then 'full'
    when id % 100 = 40 then 'cancelled' else status end where project_id = ${project.id} and status = 'open'`.execute(
    database.db,
  );
  await sql`analyze`.execute(database.db);
  return project.id;
}

/** The query's text in the dialect's placeholders (`?` on SQLite). */
const dialectText = (database: Database, text: string) =>
  database.dialect === "sqlite" ? text.replace(/\$\d+/g, "?") : text;

async function explain(database: Database, text: string, parameters: unknown[]): Promise<string> {
  const prefix = database.dialect === "sqlite" ? "explain query plan" : "explain (costs off)";
  const { rows } = await database.db.executeQuery<Record<string, string>>(
    CompiledQuery.raw(`${prefix} ${dialectText(database, text)}`, parameters),
  );
  return rows.map((row) => (row.detail ?? row["QUERY PLAN"] ?? "").trim()).join("; ");
}

async function medianMs(database: Database, text: string, parameters: unknown[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await database.db.executeQuery(CompiledQuery.raw(dialectText(database, text), parameters));
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2]!;
}

/** Prints the plans and times with the index, then drops it and prints them again through a new connection. */
async function report(bench: BenchDatabase): Promise<void> {
  let { database } = bench;
  try {
    const projectId = await fill(database, Number(flags.tasks));
    for (const withIndex of [true, false]) {
      if (!withIndex) {
        await sql`drop index tasks_status`.execute(database.db);
        await database.close();
        database = await bench.open();
      }
      console.log(`\n${database.dialect}, ${withIndex ? "with" : "without"} tasks_status:`);
      for (const query of QUERIES) {
        const parameters = query.parameters(projectId);
        const ms = await medianMs(database, query.text, parameters);
        console.log(`  ${query.name}: ${ms.toFixed(1)} ms\n    ${await explain(database, query.text, parameters)}`);
      }
    }
  } finally {
    await database.close();
  }
}

await forEachBenchDatabase({ pgUrl: flags["pg-url"], poolSize: 1, requirePostgres: true }, report);
