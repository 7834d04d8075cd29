/**
 * Server CPU and SQL statements per next-task + judgment pair, in process (no HTTP, no load
 * generator): the app handles `--pairs` pairs for `--annotators` annotators taking turns, and the
 * process's CPU time is divided by the pairs. Afterwards the database is checked (`checks.ts`: no
 * task over its overlap, no annotator twice on a task, counters equal to rows). A figure that holds on a busy shared machine, where
 * the closed-loop HTTP bench mostly measures the neighbours. On PostgreSQL (on this machine) also the
 * CPU of the pool's backends per pair, and with `--statements` the statements by their time in
 * PostgreSQL (needs `pg_stat_statements`; give the database to itself, as its figures are per database).
 *
 * `--file` puts SQLite in a WAL file in a temporary folder, as the server has it, rather than in
 * memory (where a COMMIT writes nothing).
 *
 * `--pg-activity` (PostgreSQL): samples what the pool's backends do during the measured pairs
 * (`pg-activity.ts`) and prints the share of samples by wait type (Lock: waiting for a row lock,
 * Client: idle in a transaction, waiting for the app) and the statements most often seen.
 *
 * `--plans` (PostgreSQL): how often each hot statement ran on a generic plan and on a custom one.
 *
 * `--per-statement` (SQLite): also times every statement (`QUORUM_STATEMENT_TIMING`, written to
 * bench/out/statement-timing.<pid>.tsv) and prints the costliest of the measured pairs as a
 * Markdown table. The timing itself adds CPU, so take the CPU per pair from a run without it.
 *
 * `--profile` samples the measured pairs only (node:inspector), writes
 * bench/out/hot-path-cpu.cpuprofile and prints its summary (`profile.ts`); CPU per pair then includes the sampling.
 *
 * `--list-statements` prints the SQL of one warm pair, one statement a line.
 *
 *   node --import tsx bench/hot-path-cpu.ts --db sqlite|postgres [--file] [--pairs 3000] [--tasks 20000] [--data-chars 0] [--statements] [--per-statement] [--list-statements] [--profile]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import { createApp } from "@quorum/server";
import {
  countStatements,
  type Database,
  insertUser,
  resetStatementTimings,
  statementTimings,
  testTargets,
  writeStatementTimings,
} from "@quorum/storage";
import { appClient, hotPathProject } from "./app-client.js";
import { openBenchDatabase } from "./bench-databases.js";
import { checkConsistency } from "./checks.js";
import { pgActivityMarkdown, samplePgActivity } from "./pg-activity.js";
import { pgBackendCost } from "./pg-backend-cost.js";
import { profileMarkdown, summarizeProfile } from "./profile.js";

const { values: flags } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    pairs: { type: "string", default: "3000" },
    tasks: { type: "string", default: "20000" },
    annotators: { type: "string", default: "50" },
    /** Characters of text in each task's data (a few by default; a real item is often a paragraph or more). */
    "data-chars": { type: "string", default: "0" },
    file: { type: "boolean", default: false },
    statements: { type: "boolean", default: false },
    "per-statement": { type: "boolean", default: false },
    "pg-activity": { type: "boolean", default: false },
    /** PostgreSQL: the hot statements' generic and custom plans (pg_prepared_statements) after the run. */
    plans: { type: "boolean", default: false },
    /** Pairs under way at once (annotators working concurrently). */
    lanes: { type: "string", default: "8" },
    "list-statements": { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
  },
});
const PAIRS = Number(flags.pairs);
const TASKS = Number(flags.tasks);
const ANNOTATORS = Number(flags.annotators);
const LANES = Number(flags.lanes);
const FILLER = "x".repeat(Number(flags["data-chars"]));

if (flags["per-statement"] && !process.env.QUORUM_STATEMENT_TIMING) {
  mkdirSync(new URL("./out", import.meta.url), { recursive: true });
  process.env.QUORUM_STATEMENT_TIMING = new URL("./out/statement-timing", import.meta.url).pathname;
}
const target = (await testTargets()).find((t) => t.dialect === flags.db);
if (!target) throw new Error(`no ${flags.db} database to test on`);
const database = flags.file && target.dialect === "sqlite" ? await openSqliteFile() : await target.open();

async function openSqliteFile(): Promise<Database> {
  const bench = await openBenchDatabase("sqlite");
  return { ...bench.database, close: bench.remove };
}
// A cheap password hash is enough here: only sign-in uses it, and nothing is timed then.
const { hashPassword } = await import("@quorum/server");
const app = createApp({ database, now: () => Date.now(), secureCookies: false, log: () => {} });

const client = appClient(app);

try {
  await insertUser(
    database.db,
    { email: "admin@bench.local", name: "Admin", passwordHash: await hashPassword("admin-password"), role: "admin" },
    Date.now(),
  );
  const admin = await client.login("admin@bench.local", "admin-password");
  const { projectId, pair } = await hotPathProject(client, admin, {
    tasks: TASKS,
    annotators: ANNOTATORS,
    text: (i) => `t${i}${FILLER}`,
  });
  for (let i = 0; i < ANNOTATORS; i++) await pair(i); // warm-up: records, caches, JIT
  const statements = await countStatements(() => pair(0));
  if (flags["list-statements"]) console.log(statements.join("\n"));
  const backend = await pgBackendCost(database);
  resetStatementTimings();
  const sampler =
    flags["pg-activity"] && backend
      ? samplePgActivity(
          process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
          20,
          backend.pids,
        )
      : undefined;
  const profiler = flags.profile ? await startProfile() : undefined;
  // Eight annotators at a time by default, as a small crowd would.
  const cpu = process.cpuUsage();
  const wall = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      for (let i = next++; i < PAIRS; i = next++) await pair(lane + LANES * (i % Math.ceil(ANNOTATORS / LANES)));
    }),
  );
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const wallMs = performance.now() - wall;
  const profileFile = await profiler?.stop();
  const databaseCpuMs = backend?.cpuMs();
  const activity = sampler ? await sampler.stop(8) : undefined;
  const consistency = await checkConsistency(database, projectId);
  console.log(
    JSON.stringify({
      db: target.dialect,
      ...(flags.file ? { file: true } : {}),
      groupCommit: target.dialect === "sqlite" ? process.env.QUORUM_SQLITE_GROUP_COMMIT !== "0" : undefined,
      pairs: PAIRS,
      ...(FILLER ? { dataChars: FILLER.length } : {}),
      cpuMsPerPair: Number((cpuMs / PAIRS).toFixed(3)),
      wallMsPerPair: Number((wallMs / PAIRS).toFixed(3)),
      ...(databaseCpuMs === undefined ? {} : { databaseCpuMsPerPair: Number((databaseCpuMs / PAIRS).toFixed(3)) }),
      statementsPerPair: statements.length,
      ...(sampler ? { backendWaits: sampler.waitShares() } : {}),
      lanes: LANES,
      loadavg: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
      consistent: consistency.ok,
    }),
  );
  if (flags.statements && backend) console.table(await backend.statements(PAIRS));
  if (flags["per-statement"]) printStatementTimings(PAIRS);
  if (flags.plans && backend) console.table(await backend.preparedPlans());
  if (activity) console.log(pgActivityMarkdown("Pool backends during the measured pairs", activity));
  if (profileFile) console.log(profileMarkdown(summarizeProfile(profileFile, 40)));
  if (!consistency.ok) {
    console.error(JSON.stringify(consistency));
    process.exitCode = 1;
  }
} finally {
  await database.close();
}

/** A CPU profile of this process from now until `stop()`, which writes it and returns its path. */
async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      mkdirSync(new URL("./out", import.meta.url), { recursive: true });
      const file = new URL("./out/hot-path-cpu.cpuprofile", import.meta.url).pathname;
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

/** The statements that took the most time over the measured pairs, as a Markdown table. */
function printStatementTimings(pairs: number, top = 12) {
  const timings = statementTimings();
  if (timings.length === 0) {
    console.log("(no statement timings: per-statement timing covers SQLite only)");
    return;
  }
  console.log("\n| calls/pair | CPU µs/call | wall µs/call | CPU ms total | statement |\n|---:|---:|---:|---:|---|");
  for (const t of timings.slice(0, top)) {
    const text = t.sql.length > 120 ? `${t.sql.slice(0, 117)}...` : t.sql;
    console.log(
      `| ${(t.calls / pairs).toFixed(2)} | ${t.cpuMeanUs.toFixed(1)} | ${t.wallMeanUs.toFixed(1)} | ${t.cpuTotalMs.toFixed(0)} | \`${text.replace(/\|/g, "\\|")}\` |`,
    );
  }
  console.log(`\nAll statements: ${writeStatementTimings()}`);
}
