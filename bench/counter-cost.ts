/**
 * `node --import tsx bench/counter-cost.ts [--pairs N] [--pg-url URL]`: what the task counters'
 * triggers cost on the hot path, in process (no HTTP, so the figure is not drowned by other work
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
    "pg-url": {
      type: "string",
      default: process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    },
  },
});
const PAIRS = Number(flags.pairs);
const BLOCK = 200;
const ANNOTATORS = 30;
const TRIGGERS = ["task_counters_insert", "task_counters_delete", "task_counters_update"];

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
  const created = new Map<string, string>();
  if (dialect === "sqlite")
    for (const row of (
      await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger'`.execute(
        database.db,
      )
    ).rows)
      if (TRIGGERS.includes(row.name)) created.set(row.name, row.sql);
  let enabled = true;
  async function triggers(on: boolean) {
    if (on === enabled) return;
    enabled = on;
    for (const name of TRIGGERS)
      if (dialect === "postgres")
        await sql.raw(`alter table tasks ${on ? "enable" : "disable"} trigger ${name}`).execute(database.db);
      else if (on) await sql.raw(created.get(name)!).execute(database.db);
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
    `${dialect}: lease + judgment ${per("on").toFixed(0)} µs ${dialect === "postgres" ? "wall" : "CPU"} with the counter triggers, ${per("off").toFixed(0)} µs without ` +
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
