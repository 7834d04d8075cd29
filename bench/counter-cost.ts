/**
 * `node --import tsx bench/counter-cost.ts [--pairs N] [--set counters|activity-totals] [--only sqlite|postgres] [--unit pair|hourly-write] [--pg-url URL]`:
 * what a set of roll-up triggers costs on the hot path, in process (no HTTP, so the figure is not
 * drowned by other work on a shared machine). `counters`: the task counters' triggers on `tasks`,
 * on and off. `activity-totals`: the per-annotator activity totals' triggers on `activity_hourly`
 * in both designs, off, "every hour" (migration 20261203031000: every hourly write moves the totals)
 * and "closed hours" (migration 20261204010000: only writes to hours before the watermark do; the
 * project's watermark at the start of the current hour, as the server's fold leaves it). Lease +
 * judgment pairs run in blocks of 200, the variants in turn (each round of turns starting one
 * further on), so all see the same machine (SQLite:
 * triggers dropped and re-created from their text; PostgreSQL: from `pg_get_triggerdef`). CPU time
 * per pair: this process's, plus on PostgreSQL its pool's backends' (the triggers run there), and
 * PostgreSQL's wall time beside it. SQLite on a file, then PostgreSQL when reachable.
 * `--unit hourly-write` times the judgment's write of its hourly row alone instead of whole pairs
 * (`--pairs` of them, 2,000 to a block and a transaction): the statement the triggers hang on, where
 * their cost is a large enough share to be told from the noise of a shared machine. On PostgreSQL
 * the block's writes run in a `do` loop in the backend (the same upsert, its plan cached as the
 * prepared statement's is), so that round trips do not drown them.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { parseLabelSchema } from "@quorum/core";
import {
  type Database,
  foldActivityTotals,
  leaseNextTask,
  newAnnotator,
  seedProject,
  submitJudgment,
} from "@quorum/storage";
import { type Kysely, sql } from "kysely";
import * as closedHoursTotals from "../packages/storage/src/migrations/20261204010000-totals-activity-folds.js";
import { addJudgmentActivity } from "../packages/storage/src/repositories/activity-hourly.js";
import { BENCH_PG_URL, type BenchDialect, forEachBenchDatabase } from "./bench-databases.js";
import { pgBackendCost } from "./pg-backend-cost.js";

const { values: flags } = parseArgs({
  options: {
    pairs: { type: "string", default: "4000" },
    set: { type: "string", default: "counters" },
    only: { type: "string" },
    unit: { type: "string", default: "pair" },
    "pg-url": { type: "string", default: BENCH_PG_URL },
  },
});
const PAIRS = Number(flags.pairs);
const HOURLY = flags.unit === "hourly-write";
if (!HOURLY && flags.unit !== "pair") throw new Error("--unit: pair or hourly-write");
const BLOCK = HOURLY ? 2000 : 200;
const ANNOTATORS = 30;
/** Statements creating a variant's triggers (and functions), keyed by trigger name. */
type Triggers = Map<string, string[]>;

interface TriggerSet {
  table: string;
  prefix: string;
  /** The variants besides "off", read from the migrated database. */
  variants(database: Database, dialect: BenchDialect): Promise<Map<string, Triggers>>;
}

const SETS: Record<string, TriggerSet> = {
  counters: {
    table: "tasks",
    prefix: "task_counters_",
    variants: async (database, dialect) => new Map([["on", await installed(database, dialect, SETS.counters!)]]),
  },
  "activity-totals": {
    table: "activity_hourly",
    prefix: "activity_totals_",
    async variants(database, dialect) {
      const set = SETS["activity-totals"]!;
      const closedHours = await installed(database, dialect, set);
      // The previous design, as migrating down restores it; then up again (the watermark table back).
      const db = database.db as unknown as Kysely<unknown>;
      await db.transaction().execute((trx) => closedHoursTotals.down(trx));
      const everyHour = await installed(database, dialect, set);
      await drop(database, dialect, set, everyHour);
      await db.transaction().execute((trx) => closedHoursTotals.up(trx));
      return new Map([
        ["every hour", everyHour],
        ["closed hours", closedHours],
      ]);
    },
  },
};
const chosen = SETS[flags.set];
if (!chosen) throw new Error(`--set: one of ${Object.keys(SETS).join(", ")}`);
const SET = chosen;

/** The set's triggers as they are now in the database. */
async function installed(database: Database, dialect: BenchDialect, set: TriggerSet): Promise<Triggers> {
  const found =
    dialect === "sqlite"
      ? await sql<{ name: string; definition: string; fn: string }>`select name, sql as definition, '' as fn
          from sqlite_master where type = 'trigger' and tbl_name = ${set.table}`.execute(database.db)
      : await sql<{ name: string; definition: string; fn: string }>`select tgname as name,
          pg_get_triggerdef(oid) as definition, pg_get_functiondef(tgfoid) as fn
          from pg_trigger where tgrelid = ${set.table}::regclass and not tgisinternal`.execute(database.db);
  const triggers: Triggers = new Map();
  for (const row of found.rows)
    if (row.name.startsWith(set.prefix)) triggers.set(row.name, row.fn ? [row.fn, row.definition] : [row.definition]);
  if (triggers.size === 0) throw new Error(`no ${set.prefix}* triggers on ${set.table}`);
  return triggers;
}

async function drop(database: Database, dialect: BenchDialect, set: TriggerSet, triggers: Triggers): Promise<void> {
  for (const name of triggers.keys())
    await sql
      .raw(dialect === "postgres" ? `drop trigger ${name} on ${set.table}` : `drop trigger ${name}`)
      .execute(database.db);
}

async function create(database: Database, triggers: Triggers): Promise<void> {
  for (const statements of triggers.values()) for (const text of statements) await sql.raw(text).execute(database.db);
}

async function measure(database: Database, dialect: BenchDialect): Promise<void> {
  const variants = await SET.variants(database, dialect);
  const names = ["off", ...variants.keys()];
  // Every variant gets the same number of blocks.
  const blocks = Math.ceil(PAIRS / BLOCK / names.length) * names.length;
  const now = Date.now();
  const { project } = await seedProject(database, {
    schema: parseLabelSchema({ type: "single_choice", options: ["a", "b", "c"] }),
    overlap: 3,
    tasks: Array.from({ length: HOURLY ? 1 : ((blocks + names.length) * BLOCK) / 3 + ANNOTATORS * 3 }, (_, i) => ({
      data: { q: `q${i}` },
    })),
    now,
  });
  const annotators: Awaited<ReturnType<typeof newAnnotator>>[] = [];
  for (let i = 0; i < ANNOTATORS; i++) annotators.push(await newAnnotator(database, { now, name: `a${i}` }));
  // The server folds every minute: the project's watermark is the start of the current hour.
  await foldActivityTotals(database.db, { now });
  let current = names.at(-1)!;
  async function use(name: string) {
    if (name === current) return;
    const from = variants.get(current);
    if (from) await drop(database, dialect, SET, from);
    const to = variants.get(name);
    if (to) await create(database, to);
    current = name;
  }
  const backend = await pgBackendCost(database);
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000 + (backend?.cpuMs() ?? 0);
  };
  const spent = new Map(names.map((name) => [name, { cpu: 0, wall: 0, pairs: 0 }]));
  let round = 0;
  // One block of each variant warms up (JIT, caches, plans) unmeasured; then the variants take
  // turns, each round of turns starting one further on, so that none always follows the same one.
  for (let block = -names.length; block < blocks; block++) {
    const turn = block + names.length;
    const name = names[(turn + Math.floor(turn / names.length)) % names.length]!;
    await use(name);
    const [cpu, wall] = [cpuMs(), performance.now()];
    if (HOURLY && dialect === "postgres")
      await sql
        .raw(`do $$ begin for i in 0..${BLOCK - 1} loop
          insert into activity_hourly (project_id, hour, annotator_id, judgments, active_ms, gold_answered, gold_correct)
          values (${project.id}, ${Math.floor(now / 3_600_000) * 3_600_000}, (array[${annotators.map((a) => a.id).join(",")}])[1 + i % ${ANNOTATORS}], 1, 4000, 0, 0)
          on conflict (project_id, hour, annotator_id) do update set judgments = activity_hourly.judgments + 1,
            active_ms = activity_hourly.active_ms + excluded.active_ms,
            gold_answered = activity_hourly.gold_answered + excluded.gold_answered,
            gold_correct = activity_hourly.gold_correct + excluded.gold_correct;
        end loop; end $$`)
        .execute(database.db);
    else if (HOURLY)
      await database.db.transaction().execute(async (trx) => {
        for (let n = 0; n < BLOCK; n++, round++) {
          const annotatorId = annotators[round % ANNOTATORS]!.id;
          const createdAt = now + round;
          await addJudgmentActivity(trx, {
            projectId: project.id,
            annotatorId,
            activeMs: 4000,
            goldCorrect: null,
            createdAt,
          });
        }
      });
    for (let n = HOURLY ? BLOCK : 0; n < BLOCK; round++) {
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
    const s = spent.get(name)!;
    s.cpu += cpuMs() - cpu;
    s.wall += performance.now() - wall;
    s.pairs += BLOCK;
  }
  await use(names.at(-1)!);
  const off = spent.get("off")!;
  const per = (s: { cpu: number; pairs: number }) => (s.cpu / s.pairs) * 1000;
  const figures = names.map((name) => {
    const s = spent.get(name)!;
    const change = name === "off" ? "" : ` (${(((per(s) - per(off)) / per(off)) * 100).toFixed(1)}%)`;
    const wall = dialect === "postgres" ? `, ${((s.wall / s.pairs) * 1000).toFixed(HOURLY ? 1 : 0)} µs wall` : "";
    return `${name} ${per(s).toFixed(HOURLY ? 2 : 0)} µs CPU${change}${wall}`;
  });
  console.log(
    `${dialect}: ${HOURLY ? "hourly-row write" : "lease + judgment"} with the ${flags.set} triggers: ${figures.join("; ")} ` +
      `(${blocks * BLOCK} ${HOURLY ? "writes" : "pairs"}, blocks of ${BLOCK} in turn${backend ? ", CPU of this process and its PostgreSQL backends" : ""}; ` +
      `load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")})`,
  );
}

await forEachBenchDatabase({ only: flags.only, pgUrl: flags["pg-url"] }, ({ database, dialect }) =>
  measure(database, dialect),
);
