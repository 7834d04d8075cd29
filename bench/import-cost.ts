/**
 * `node --import tsx bench/import-cost.ts [--db sqlite|postgres] [--tasks N] [--runs N] [--bin A.js,B.js]
 * [--pg-url URL] [--profile DIR]`: what `quorum import` costs. Each run imports the bench's
 * generated JSONL file (bench/generate.ts) through the CLI into a new project of a freshly
 * migrated database (a new SQLite file, or a new schema of the PostgreSQL test database), and
 * prints tasks/s, the CLI's CPU seconds per 100k tasks (`time -v`: every thread, SQLite's
 * included), its peak RSS and the load average before and after; on PostgreSQL also the CPU of
 * the backends the CLI opened (found in pg_stat_activity by application name, read from
 * /proc/<pid>/stat every 20 ms until they exit) and how often one in a COPY was waiting for the
 * CLI's data. Then it checks that every task arrived and the task counters against a recount. A
 * one-task import by each build first gives the fixed cost
 * (loading the code, migrations, closing), which the net figure per 100k leaves out. With several
 * `--bin` (the `quorum.js` of other builds, e.g. a baseline copy), the builds take turns within
 * each run, so that a shared machine's load falls on both alike. Build first (`npx tsc -b`).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseLabelSchema } from "@quorum/core";
import { type Database, seedProject } from "@quorum/storage";
import { sql } from "kysely";
import pg from "pg";
import { BENCH_PG_URL, type BenchDatabase, withBenchDatabase } from "./bench-databases.js";
import { taskCounterMismatches } from "./checks.js";
import { loadAverage, processCpuSeconds } from "./cpu.js";
import { generateTasksFile } from "./generate.js";
import { QUORUM_BIN, ROOT, runQuorumCli } from "./processes.js";

const { values: flags } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    tasks: { type: "string", default: "200000" },
    runs: { type: "string", default: "1" },
    bin: { type: "string", default: QUORUM_BIN },
    "pg-url": { type: "string", default: BENCH_PG_URL },
    profile: { type: "string" },
  },
});
if (flags.db !== "sqlite" && flags.db !== "postgres") throw new Error("--db must be sqlite or postgres");
const DIALECT = flags.db;
const TASKS = Number(flags.tasks);
const BINS = flags.bin.split(",");

async function seedRatingProject(database: Database): Promise<number> {
  const { project } = await seedProject(database, {
    schema: parseLabelSchema({ type: "rating", min: 0, max: 4 }),
    overlap: 3,
    tasks: [],
    now: Date.now(),
  });
  return project.id;
}

/**
 * Polls the CPU of the backends named `application`, keeping each one's last reading, and counts
 * the samples in which one was in a COPY waiting for the CLI's next data (`ClientRead`) among
 * those in which it was in a COPY at all.
 */
function sampleBackends(url: string, application: string) {
  const client = new pg.Client({ connectionString: url });
  const last = new Map<number, number>();
  let copying = 0;
  let waitingOnClient = 0;
  let stopped = false;
  const done = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ pid: number; copy: boolean; wait_event: string | null }>(
        `select pid, state = 'active' and query ilike 'copy %' as copy, wait_event
         from pg_stat_activity where application_name = $1`,
        [application],
      );
      for (const { pid, copy, wait_event } of rows) {
        const cpu = processCpuSeconds(pid);
        if (cpu > 0) last.set(pid, cpu);
        if (!copy) continue;
        copying++;
        if (wait_event === "ClientRead") waitingOnClient++;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.end();
  })();
  return {
    async stop(): Promise<{ cpuSeconds: number; backends: number; waitingOnClient: number }> {
      stopped = true;
      await done;
      return {
        cpuSeconds: [...last.values()].reduce((a, b) => a + b, 0),
        backends: last.size,
        waitingOnClient: copying === 0 ? Number.NaN : waitingOnClient / copying,
      };
    },
  };
}

async function checkImported(bench: BenchDatabase, projectId: number, tasks: number): Promise<void> {
  const database = await bench.open();
  try {
    const { rows } = await sql<{ n: number | string }>`
      select count(*) as n from tasks where project_id = ${projectId}`.execute(database.db);
    if (Number(rows[0]?.n) !== tasks) throw new Error(`${rows[0]?.n} tasks stored, expected ${tasks}`);
    const mismatches = await taskCounterMismatches(database, projectId);
    if (mismatches > 0) throw new Error(`${mismatches} task counters differ from a recount`);
  } finally {
    await database.close();
  }
}

/** Imports `path` with `bin` into a new project of a fresh database; checks it and returns the measures. */
async function importOnce(bin: string, path: string, tasks: number, profileName?: string) {
  return withBenchDatabase(DIALECT, { pgUrl: flags["pg-url"], poolSize: 1 }, async (bench) => {
    const projectId = await seedRatingProject(bench.database);
    // The CLI is the database's only user while it runs (on SQLite, its close checkpoints the WAL).
    await bench.database.close();
    const application = `quorum-import-bench-${process.pid}-${profileName ?? "fixed"}`;
    const before = loadAverage();
    const server = bench.dialect === "postgres" ? sampleBackends(bench.url, application) : undefined;
    const cli = await runQuorumCli(
      ["import", "--project", String(projectId), "--file", path],
      { ...bench.env, PGAPPNAME: application },
      { bin, ...(flags.profile && profileName ? { profileDir: flags.profile, profileName } : {}) },
    );
    const backend = await server?.stop();
    if (cli.code !== 0) throw new Error(`quorum import failed (${cli.code}):\n${cli.stderr.slice(-3000)}`);
    const match = /Imported ([\d,]+) tasks .* in ([\d.]+) s \(([\d,]+) tasks\/s\)/.exec(cli.stdout);
    if (!match || Number(match[1]!.replace(/,/g, "")) !== tasks) throw new Error(`unexpected output:\n${cli.stdout}`);
    await checkImported(bench, projectId, tasks);
    return { cli, backend, seconds: match[2]!, rate: match[3]!, load: `${before} -> ${loadAverage()}` };
  });
}

mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
const file = await generateTasksFile(join(ROOT, "bench", "out", `tasks-${TASKS}.jsonl`), TASKS);
const one = await generateTasksFile(join(ROOT, "bench", "out", "tasks-1.jsonl"), 1);
console.log(`${flags.db}: ${file.tasks.toLocaleString("en-US")} tasks, ${(file.bytes / 2 ** 20).toFixed(0)} MiB`);
const label = (index: number) => (BINS.length > 1 ? ` build ${index}` : "");
const fixed = new Map<number, number>();
for (const [index, bin] of BINS.entries()) {
  const { cli, load } = await importOnce(bin, one.path, 1);
  fixed.set(index, cli.cpuSeconds ?? 0);
  console.log(`fixed cost${label(index)}: ${(cli.cpuSeconds ?? Number.NaN).toFixed(2)} s CPU (one task); load ${load}`);
}
const per100k = (seconds: number | undefined) => (((seconds ?? Number.NaN) * 100_000) / TASKS).toFixed(2);
for (let run = 1; run <= Number(flags.runs); run++) {
  for (const [index, bin] of BINS.entries()) {
    const measured = await importOnce(bin, file.path, TASKS, `import-${flags.db}-${run}-${index}`);
    const { cli, backend, seconds, rate, load } = measured;
    const cpu = cli.cpuSeconds ?? Number.NaN;
    const server = backend
      ? `, PostgreSQL ${per100k(backend.cpuSeconds)} s CPU/100k (${backend.backends} backends; ` +
        `in the COPY, waiting for the CLI's data in ${(backend.waitingOnClient * 100).toFixed(0)}% of samples)`
      : "";
    console.log(
      `run ${run}${label(index)}: ${rate} tasks/s (${seconds} s), CLI ${per100k(cpu)} s CPU/100k ` +
        `(${per100k(cpu - fixed.get(index)!)} net of the fixed cost; process ${cli.wallSeconds.toFixed(1)} s)${server}, ` +
        `peak ${Math.round(cli.peakRssMiB ?? 0)} MiB; load ${load}; counters match`,
    );
  }
}
