/**
 * `node --import tsx bench/counter-cost.ts [--pairs N] [--set counters|activity-totals] [--pg-url URL]`:
 * what a set of roll-up triggers costs on the hot path (the task counters' on `tasks`, or the
 * per-annotator activity totals' on `activity_hourly`), in process (no HTTP, so the figure is not drowned by other work
 * on a shared machine). Lease + judgment pairs run in blocks alternately with the triggers on and
 * off (SQLite: dropped and re-created; PostgreSQL: disabled), so both halves see the same machine;
 * CPU time per pair on SQLite (the triggers run in process), wall time on PostgreSQL. SQLite on a file, then PostgreSQL when reachable.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseLabelSchema } from "@quorum/core";
import {
  createTestPostgresSchema,
  type Database,
  leaseNextTask,
  migrateToLatest,
  newAnnotator,
  openDatabase,
  seedProject,
  submitJudgment,
} from "@quorum/storage";
import { sql } from "kysely";

const { values: flags } = parseArgs({
  options: {
    pairs: { type: "string", default: "4000" },
    set: { type: "string", default: "counters" },
    "pg-url": {
      type: "string",
      default: process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    },
  },
});
const PAIRS = Number(flags.pairs);
const BLOCK = 200;
const ANNOTATORS = 30;
const SETS: Record<string, { table: string; prefix: string }> = {
  counters: { table: "tasks", prefix: "task_counters_" },
  "activity-totals": { table: "activity_hourly", prefix: "activity_totals_" },
};
const chosen = SETS[flags.set];
if (!chosen) throw new Error(`--set: one of ${Object.keys(SETS).join(", ")}`);
const SET = chosen;

async function measure(database: Database, dialect: "sqlite" | "postgres"): Promise<void> {
  const now = Date.now();
  const { project } = await seedProject(database, {
    schema: parseLabelSchema({ type: "single_choice", options: ["a", "b", "c"] }),
    overlap: 3,
    tasks: Array.from({ length: Math.ceil(PAIRS / 3) + ANNOTATORS * 3 }, (_, i) => ({ data: { q: `q${i}` } })),
    now,
  });
  const annotators = [];
  for (let i = 0; i < ANNOTATORS; i++) annotators.push(await newAnnotator(database, { now, name: `a${i}` }));
  // The set's triggers as created by the migrations (SQLite re-creates them from their text).
  const created = new Map<string, string>();
  const found =
    dialect === "sqlite"
      ? await sql<{
          name: string;
          sql: string;
        }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = ${SET.table}`.execute(database.db)
      : await sql<{
          name: string;
          sql: string;
        }>`select tgname as name, '' as sql from pg_trigger where tgrelid = ${SET.table}::regclass and not tgisinternal`.execute(
          database.db,
        );
  for (const row of found.rows) if (row.name.startsWith(SET.prefix)) created.set(row.name, row.sql);
  if (created.size === 0) throw new Error(`no ${SET.prefix}* triggers on ${SET.table}`);
  let enabled = true;
  async function triggers(on: boolean) {
    if (on === enabled) return;
    enabled = on;
    for (const [name, text] of created)
      if (dialect === "postgres")
        await sql.raw(`alter table ${SET.table} ${on ? "enable" : "disable"} trigger ${name}`).execute(database.db);
      else if (on) await sql.raw(text).execute(database.db);
      else await sql.raw(`drop trigger ${name}`).execute(database.db);
  }
  // SQLite runs the triggers in this process: CPU time is the fair measure on a busy machine.
  // PostgreSQL runs them in its backend: wall time.
  const clock = () => {
    if (dialect === "postgres") return performance.now();
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const ms = { on: 0, off: 0 };
  const pairs = { on: 0, off: 0 };
  let round = 0;
  // Block -1 warms up (JIT, caches) unmeasured; then on and off alternate.
  for (let block = -1; pairs.on + pairs.off < PAIRS; block++) {
    const on = block % 2 === 0;
    await triggers(on);
    const key = on ? "on" : "off";
    const started = clock();
    for (let n = 0; n < BLOCK; round++) {
      const annotator = annotators[round % ANNOTATORS]!;
      const lease = await leaseNextTask(database, { project, annotator, now: now + round });
      if (!lease) continue;
      await submitJudgment(database, {
        project,
        assignmentId: lease.id,
        annotatorId: annotator.id,
        value: ["a", "b", "c"][round % 3]!,
        activeMs: 4000,
        clientKey: `k${round}`,
        now: now + round,
      });
      n++;
    }
    if (block < 0) continue;
    ms[key] += clock() - started;
    pairs[key] += BLOCK;
  }
  await triggers(true);
  const per = (k: "on" | "off") => (ms[k] / pairs[k]) * 1000;
  console.log(
    `${dialect}: lease + judgment ${per("on").toFixed(0)} µs ${dialect === "postgres" ? "wall" : "CPU"} with the ${flags.set} triggers (${[...created.keys()].join(", ")}), ${per("off").toFixed(0)} µs without ` +
      `(${(((per("on") - per("off")) / per("off")) * 100).toFixed(1)}%; ${pairs.on + pairs.off} pairs, blocks of ${BLOCK} alternating)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), "quorum-counter-cost-"));
try {
  const database = await openDatabase({ url: join(dir, "bench.db") });
  await migrateToLatest(database.db);
  await measure(database, "sqlite");
  await database.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const schema = await createTestPostgresSchema(flags["pg-url"]).catch(() => undefined);
if (schema) {
  const database = await openDatabase({ url: schema.url, schema: schema.schema, poolSize: 2 });
  try {
    await measure(database, "postgres");
  } finally {
    await database.close();
    await schema.drop();
  }
}
