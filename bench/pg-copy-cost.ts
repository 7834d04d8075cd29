/**
 * `node --import tsx bench/pg-copy-cost.ts [--rows N] [--rounds N] [--pg-url URL]`: what PostgreSQL
 * spends on the `COPY` of an import, by part. Each variant copies the same N task rows (made by SQL
 * in the shape `quorum import` sends: an external id, ~150 bytes of data, 2% gold) into the tasks
 * table of a freshly migrated test database in one transaction, and reads the backend's CPU from
 * /proc/<pid>/stat before and after, with the WAL written meanwhile (the whole cluster's, so
 * other work on it counts too). Each sets what an import's transaction sets (its counts are
 * added once, not by the insert trigger). Variants take the counter trigger and indexes away one
 * at a time, so the differences say what each costs; rounds alternate the variants.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createTestPostgresSchema } from "@quorum/storage";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { loadAverage, processCpuSeconds } from "./cpu.js";

const { values: flags } = parseArgs({
  options: {
    rows: { type: "string", default: "200000" },
    rounds: { type: "string", default: "2" },
    /** Variants whose name matches this regular expression (all when not given). */
    only: { type: "string" },
    "pg-url": {
      type: "string",
      default: process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    },
  },
});
const ROWS = Number(flags.rows);
const COLUMNS =
  "project_id, batch_id, external_id, language, data, gold, gold_explanation, priority, deadline_key, required, slots_taken, judgment_count, status, harm, created_at, updated_at";
const ROWS_SQL = `select 1::bigint, 1::bigint, 'doc-' || lpad(i::text, 7, '0'), 'en',
  '{"query":"' || md5(i::text) || '","text":"the of and to in is for on that with as by this are from at be or an ' || md5((i * 7)::text) || '","language":"en","source":"web"}',
  case when i % 50 = 7 then '3' end, null, 0, 9007199254740991::bigint, 3, 0, 0,
  case when i % 50 = 7 then 'gold' else 'open' end, null, 1764000000000::bigint, 1764000000000::bigint
  from generate_series(1, ${ROWS}) i`;

const SECONDARY = ["tasks_batch", "tasks_external_id", "tasks_queue", "tasks_status", "tasks_unfinished"];
/** The session setting an import's transaction sets (`pg-copy-tasks.ts`): its counts are added once, not by the trigger. */
const AS_AN_IMPORT = "set quorum.task_counters_insert = 'added by caller'";
/** What each variant changes before the COPY; each copies as an import does. */
const VARIANTS: Record<string, string[]> = {
  "as migrated": [AS_AN_IMPORT],
  // Before 20261204020000: a statement trigger returning at once, its transition table still filled.
  "statement trigger returning at once": [
    AS_AN_IMPORT,
    "drop trigger task_counters_insert on tasks",
    "create function task_counters_on_insert() returns trigger language plpgsql as $$ begin return null; end $$",
    `create trigger task_counters_insert after insert on tasks referencing new table as new_tasks
       for each statement execute function task_counters_on_insert()`,
  ],
  "counter trigger dropped": [AS_AN_IMPORT, "drop trigger task_counters_insert on tasks"],
  ...Object.fromEntries(SECONDARY.map((index) => [`without ${index}`, [AS_AN_IMPORT, `drop index ${index}`]])),
  "no trigger, primary key only": [
    "drop trigger task_counters_insert on tasks",
    `drop index ${[...SECONDARY, "tasks_gold", "tasks_with_gold"].join(", ")}`,
  ],
};

async function copyText(url: string): Promise<Buffer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const parts: Buffer[] = [];
  const stream = client.query(copyTo(`copy (${ROWS_SQL}) to stdout`));
  for await (const part of stream) parts.push(part as Buffer);
  await client.end();
  return Buffer.concat(parts);
}

/** The backend's CPU seconds for the COPY and its commit, and the WAL the cluster wrote meanwhile (bytes). */
async function measure(
  url: string,
  schema: string,
  setup: string[],
  text: Buffer,
): Promise<{ cpu: number; wal: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`set search_path to ${schema}`);
    for (const statement of setup) await client.query(statement);
    const pid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
    const lsn = async () =>
      (await client.query<{ lsn: string }>("select pg_current_wal_insert_lsn()::text as lsn")).rows[0]!.lsn;
    const startLsn = await lsn();
    const before = processCpuSeconds(pid);
    await client.query("begin");
    await pipeline(Readable.from([text]), client.query(copyFrom(`copy tasks (${COLUMNS}) from stdin`)));
    await client.query("commit");
    const cpu = processCpuSeconds(pid) - before;
    const { rows } = await client.query<{ bytes: string }>("select pg_wal_lsn_diff($1, $2)::text as bytes", [
      await lsn(),
      startLsn,
    ]);
    return { cpu, wal: Number(rows[0]!.bytes) };
  } finally {
    await client.end();
  }
}

const text = await copyText(flags["pg-url"]);
console.log(`${ROWS.toLocaleString("en-US")} rows, ${(text.length / 2 ** 20).toFixed(0)} MiB of COPY text`);
const seconds = new Map<string, number[]>();
for (let round = 1; round <= Number(flags.rounds); round++)
  for (const [name, setup] of Object.entries(VARIANTS).filter(([name]) => new RegExp(flags.only ?? "").test(name))) {
    const target = await createTestPostgresSchema(flags["pg-url"]);
    try {
      const { cpu, wal } = await measure(target.url, target.schema, setup, text);
      seconds.set(name, [...(seconds.get(name) ?? []), cpu]);
      console.log(
        `round ${round}, ${name}: ${((cpu * 100_000) / ROWS).toFixed(2)} s CPU per 100k rows, ` +
          `WAL ${((wal * 100_000) / ROWS / 2 ** 20).toFixed(1)} MiB per 100k rows (the cluster's); load ${loadAverage()}`,
      );
    } finally {
      await target.drop();
    }
  }
console.log("\nbackend CPU per 100k rows (min of rounds):");
for (const [name, values] of seconds)
  console.log(`  ${name}: ${((Math.min(...values) * 100_000) / ROWS).toFixed(2)} s`);
