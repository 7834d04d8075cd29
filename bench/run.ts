/**
 * `npm run bench`: Quorum's performance figures (issue 2, "Benchmarks").
 *
 *   http-sqlite  next task + judgment over HTTP, 200 annotators, 1,000,000 tasks, SQLite, vs bare Hono
 *   http-pg      the same on PostgreSQL with two server processes, then a consistency check
 *   import       `quorum import` of a 1,000,000-task JSONL file on SQLite: tasks/s, peak RSS
 *   import-pg    the same on PostgreSQL
 *   export       `quorum export` (JSONL and per-judgment CSV) of 3,000,000 judgments on SQLite
 *   export-pg    the same on PostgreSQL
 *   pages        the export project's data (import + bulk judgments) and the console pages on it, without
 *                the exports: `--only pages,pages-pg --tasks 3333334` for 10,000,000 judgments
 *   pages-pg     the same on PostgreSQL
 *
 * Options: --tasks N --seconds S --warmup S --annotators N --only a,b --client http|fetch
 * --think-ms N --paced-think-ms N --sqlite-servers 1,2 --skip-open-loop --skip-pages --saturation N --rate-card --profile --analyze-after-import --keep (the work directory, the
 * SQLite database and the PostgreSQL schema) --pg-url URL --out FILE. Figures are printed and written as
 * Markdown to bench/out/performance.md.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import {
  createTestPostgresSchema,
  type Database,
  getProject,
  openDatabase,
  rebuildProjectTaskCounters,
  rebuildQualityRollups,
} from "@quorum/storage";
import { sql } from "kysely";
import { type Annotator, createAnnotators, createRateCard, createRatingProject, login } from "./api.js";
import { removeBenchDatabases } from "./bench-databases.js";
import { bulkJudgments } from "./bulk-judgments.js";
import { activityTotalsMismatches, checkConsistency, taskCounterMismatches } from "./checks.js";
import { exposureCostLine, runExposureCost } from "./exposure-cost.js";
import { type GeneratedFile, generateTasksFile } from "./generate.js";
import { type LoadSettings, type MeasuredLoad, measureBare, measureQuorum, waitForQuietMachine } from "./http-bench.js";
import type { TransportKind } from "./http-client.js";
import { measureOpenLoop } from "./open-loop.js";
import { measurePages } from "./pages.js";
import { pgActivityMarkdown, samplePgActivity } from "./pg-activity.js";
import { measurePgLimit, type PgLimit } from "./pgbench-limit.js";
import {
  killAllChildren,
  ROOT,
  type RunningServer,
  runQuorumCli,
  startBareHono,
  startQuorum,
  waitForCli,
} from "./processes.js";
import { profileMarkdown, summarizeProfiles } from "./profile.js";
import {
  bareRate,
  checkTable,
  cpuTable,
  type DatabaseName,
  type ExportFigure,
  exportTable,
  httpRatio,
  httpTable,
  type ImportFigure,
  importTable,
  markdown,
  type OpenLoopFigure,
  openLoopTable,
  pacedTable,
  pagesTable,
  pgLimitTable,
  type Results,
} from "./report.js";

const BENCHMARKS = [
  "http-sqlite",
  "http-pg",
  "import",
  "import-pg",
  "export",
  "export-pg",
  "pages",
  "pages-pg",
  "exposure",
] as const;
type Benchmark = (typeof BENCHMARKS)[number];

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: "1000000" },
    seconds: { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
    annotators: { type: "string", default: "200" },
    only: { type: "string", default: BENCHMARKS.filter((b) => !b.startsWith("pages")).join(",") },
    client: { type: "string", default: "http" },
    "think-ms": { type: "string", default: "0" },
    /** A second, paced run: each annotator pauses this long after each call (0: skip it). */
    "paced-think-ms": { type: "string", default: "1000" },
    /** Open-loop runs at 70% and 200% of the closed loop's rate, with and without admission control. */
    "skip-open-loop": { type: "boolean", default: false },
    /** Export benches without the console pages opened before them (those answer 503 on an overloaded machine). */
    "skip-pages": { type: "boolean", default: false },
    /**
     * The open loop's 100% in requests/s instead of the closed loop's rate, so that runs compared
     * (before and after a change, on a noisy machine) are offered the same load.
     */
    saturation: { type: "string" },
    /** Put a rate card in force on the HTTP project, so every judgment writes its cost ledger rows. */
    "rate-card": { type: "boolean", default: false },
    /** SQLite: the closed loop with each of these numbers of server processes on one database file, in turn. */
    "sqlite-servers": { type: "string", default: "1" },
    "quiet-wait": { type: "string", default: "60" },
    profile: { type: "boolean", default: false },
    /** PostgreSQL: sample pg_stat_activity during the closed loop (what backends run and wait on), without CPU profiles. */
    "pg-activity": { type: "boolean", default: false },
    /** Run ANALYZE on the tasks table after each import (what the suggested fix would do), to measure its effect. */
    "analyze-after-import": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    "pg-url": {
      type: "string",
      default: process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    },
    out: { type: "string", default: join(ROOT, "bench/out/performance.md") },
  },
});

const positive = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not ${text}`);
  return n;
};
const TASKS = Math.round(positive("tasks", flags.tasks));
const SECONDS = positive("seconds", flags.seconds);
const WARMUP = Number(flags.warmup);
const ANNOTATORS = Math.round(positive("annotators", flags.annotators));
const THINK_MS = Number(flags["think-ms"]);
const PACED_THINK_MS = Number(flags["paced-think-ms"]);
const OPEN_LOOP = !flags["skip-open-loop"];
const SATURATION = flags.saturation === undefined ? undefined : positive("saturation", flags.saturation);
const QUIET_WAIT_MS = Number(flags["quiet-wait"]) * 1000;
const SQLITE_SERVERS = flags["sqlite-servers"].split(",").map((n) => Math.round(positive("sqlite-servers", n)));
const CLIENT = flags.client as TransportKind;
if (CLIENT !== "http" && CLIENT !== "fetch") throw new Error("--client must be http or fetch");
const selected = new Set(
  flags.only
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
for (const name of selected)
  if (!(BENCHMARKS as readonly string[]).includes(name))
    throw new Error(`unknown benchmark "${name}"; known: ${BENCHMARKS.join(", ")}`);
const wants = (b: Benchmark) => selected.has(b);

const OUT_DIR = join(ROOT, "bench/out");
const WORK = join(OUT_DIR, `work-${process.pid}`);
const PROFILE_DIR = flags.profile
  ? join(OUT_DIR, `profiles-${new Date().toISOString().replace(/[:.]/g, "-")}`)
  : undefined;
const ADMIN = { email: "admin@bench.quorum", password: "bench-admin-password" };

const settings: LoadSettings = {
  workers: ANNOTATORS,
  warmupMs: WARMUP * 1000,
  durationMs: SECONDS * 1000,
  client: CLIENT,
  thinkMs: THINK_MS,
};

const results: Results = {
  settings: {
    benchmarks: [...selected].join(", "),
    tasks: TASKS,
    "measured seconds (per HTTP run)": SECONDS,
    "warm-up seconds": WARMUP,
    "concurrent annotators": ANNOTATORS,
    "HTTP client": CLIENT === "http" ? "node:http, Agent keepAlive, maxSockets 256" : "fetch",
    "think time (ms)": THINK_MS,
    "paced run: pause after each call (ms)": PACED_THINK_MS,
    "rate card in force (cost ledger written)": flags["rate-card"] ? "yes" : "no",
    profiling: Boolean(flags.profile),
    "ANALYZE after import (bench-side, not what Quorum does)": Boolean(flags["analyze-after-import"]),
  },
  environment: environment(),
  http: [],
  imports: [],
  bulk: [],
  exports: [],
  pages: [],
  profiles: [],
  pgActivity: [],
  notes: [],
};

const cleanups: (() => Promise<void>)[] = [];
const log = (line: string) => console.log(line);
const mibOf = (path: string) => statSync(path).size / 2 ** 20;

function environment(): Record<string, string> {
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  };
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]).length > 0;
  return {
    date: new Date().toISOString(),
    commit: `${git(["rev-parse", "--short", "HEAD"])}${dirty ? " (with uncommitted changes)" : ""}`,
    CPU: `${cpus()[0]?.model ?? "?"} × ${cpus().length}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    Node: process.version,
    PostgreSQL: pgVersion(),
  };
}

function pgVersion(): string {
  try {
    return execFileSync("psql", [flags["pg-url"], "-Atc", "show server_version"], {
      encoding: "utf8",
      timeout: 10_000,
    }).trim();
  } catch {
    return "not reached";
  }
}

/** One database the benchmarks run against. */
interface Backend {
  name: DatabaseName;
  /** PostgreSQL only: the cluster's URL, for sampling pg_stat_activity when profiling. */
  pgUrl?: string;
  /** Environment for `quorum serve|import|export`. */
  env: NodeJS.ProcessEnv;
  /** Server processes for the HTTP runs: each count in turn. */
  servers: number[];
  open(): Promise<Database>;
}

async function importFile(
  backend: Backend,
  projectId: number,
  file: GeneratedFile,
  into: string,
): Promise<ImportFigure> {
  log(`${backend.name}: quorum import of ${file.tasks.toLocaleString("en-US")} tasks (${into})...`);
  const sampler = PROFILE_DIR && backend.pgUrl ? samplePgActivity(backend.pgUrl) : undefined;
  const run = await runQuorumCli(["import", "--project", String(projectId), "--file", file.path], backend.env, {
    // 10M tasks on a busy machine can outlast the default half hour.
    timeoutMs: Math.max(30 * 60_000, file.tasks / 2),
    ...(PROFILE_DIR ? { profileDir: PROFILE_DIR, profileName: `import-${backend.name}-${projectId}` } : {}),
  });
  if (sampler)
    results.pgActivity.push({ title: `${backend.name}: quorum import (${into})`, queries: await sampler.stop() });
  if (run.code !== 0) throw new Error(`quorum import failed (${run.code}):\n${run.stderr.slice(-3000)}`);
  const match = /Imported ([\d,]+) tasks .* in ([\d.]+) s \(([\d,]+) tasks\/s\)/.exec(run.stdout);
  const imported = match ? Number(match[1]!.replace(/,/g, "")) : Number.NaN;
  if (imported !== file.tasks)
    throw new Error(`quorum import reported ${match?.[1] ?? "nothing"}, expected ${file.tasks}:\n${run.stdout}`);
  const figure: ImportFigure = {
    database: backend.name,
    into,
    tasks: imported,
    fileMiB: file.bytes / 2 ** 20,
    cliSeconds: Number(match![2]),
    cliTasksPerSecond: Number(match![3]!.replace(/,/g, "")),
    wallSeconds: run.wallSeconds,
    peakRssMiB: run.peakRssMiB,
    cpuSeconds: run.cpuSeconds,
  };
  if (flags["analyze-after-import"]) {
    const database = await backend.open();
    try {
      const started = performance.now();
      await sql`analyze tasks`.execute(database.db);
      log(`  ANALYZE tasks (bench-side) took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await database.close();
    }
  }
  log(
    `  import: ${figure.cliTasksPerSecond.toLocaleString("en-US")} tasks/s (${figure.cliSeconds} s; process ${run.wallSeconds.toFixed(1)} s), peak RSS ${Math.round(run.peakRssMiB ?? 0)} MiB`,
  );
  results.imports.push(figure);
  return figure;
}

async function exportProject(backend: Backend, projectId: number, format: "jsonl" | "csv"): Promise<ExportFigure> {
  const path = join(WORK, `export-${backend.name}-${projectId}.${format}`);
  log(`${backend.name}: quorum export --format ${format}...`);
  const sampler = PROFILE_DIR && backend.pgUrl ? samplePgActivity(backend.pgUrl) : undefined;
  const run = await runQuorumCli(
    ["export", "--project", String(projectId), "--out", path, "--format", format],
    backend.env,
    {
      ...(PROFILE_DIR ? { profileDir: PROFILE_DIR, profileName: `export-${format}-${backend.name}-${projectId}` } : {}),
    },
  );
  if (sampler)
    results.pgActivity.push({
      title: `${backend.name}: quorum export --format ${format}`,
      queries: await sampler.stop(),
    });
  if (run.code !== 0) throw new Error(`quorum export failed (${run.code}):\n${run.stderr.slice(-3000)}`);
  const match = /Exported (\d+) tasks and (\d+) judgments/.exec(run.stderr);
  if (!match) throw new Error(`quorum export printed no summary:\n${run.stderr.slice(-2000)}`);
  const figure: ExportFigure = {
    database: backend.name,
    format: format === "csv" ? "CSV, one row per judgment" : "JSONL, one line per task",
    tasks: Number(match[1]),
    judgments: Number(match[2]),
    wallSeconds: run.wallSeconds,
    peakRssMiB: run.peakRssMiB,
    cpuSeconds: run.cpuSeconds,
    outputMiB: mibOf(path),
  };
  log(
    `  export ${format}: ${Math.round(figure.judgments / figure.wallSeconds).toLocaleString("en-US")} judgments/s (${figure.judgments.toLocaleString("en-US")} in ${figure.wallSeconds.toFixed(1)} s), peak RSS ${Math.round(figure.peakRssMiB ?? 0)} MiB, ${Math.round(figure.outputMiB)} MiB written`,
  );
  if (!flags.keep) rmSync(path, { force: true });
  results.exports.push(figure);
  return figure;
}

async function startServers(
  backend: Backend,
  count: number,
  phase: string,
  profile: boolean,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<RunningServer[]> {
  const servers: RunningServer[] = [];
  for (let i = 0; i < count; i++)
    servers.push(
      await startQuorum(
        `quorum-${backend.name.toLowerCase()}-${phase}-${i + 1}`,
        { ...backend.env, ...extraEnv },
        profile ? PROFILE_DIR : undefined,
      ),
    );
  return servers;
}

/** Admission control off: the closed loop measures raw capacity, as before the gate existed. */
const NO_ADMISSION = { QUORUM_MAX_IN_FLIGHT: "0" };

/**
 * Open-loop runs at a share of the closed loop's request rate: at 70% (latency below saturation)
 * and at 200% with admission control at its defaults and without it.
 */
async function measureOpenLoops(
  backend: Backend,
  count: number,
  annotators: Annotator[],
  projectId: number,
  saturation: number,
  duration: { warmupMs: number; durationMs: number },
): Promise<OpenLoopFigure[]> {
  const runs = [
    { share: 0.7, admission: true },
    { share: 2, admission: true },
    { share: 2, admission: false },
  ];
  const figures: OpenLoopFigure[] = [];
  for (const run of runs) {
    const servers = await startServers(backend, count, "open", false, run.admission ? {} : NO_ADMISSION);
    const requestsPerSecond = Math.max(10, Math.round(saturation * run.share));
    log(
      `${backend.name}: open loop at ${Math.round(run.share * 100)}% of saturation (${requestsPerSecond} requests/s), admission control ${run.admission ? "on" : "off"}, ${duration.durationMs / 1000} s...`,
    );
    const result = await measureOpenLoop(servers, annotators, projectId, {
      ...duration,
      requestsPerSecond,
      client: CLIENT,
    });
    await stopAll(servers);
    log(
      `  served ${Math.round(result.servedPerSecond)} requests/s, refused ${(result.refusedShare * 100).toFixed(1)}%, at most ${result.maxUnderWay} pairs under way; next p99 ${result.kinds.next?.p99.toFixed(1)} ms, judgment p99 ${result.kinds.judgment?.p99.toFixed(1)} ms; errors ${JSON.stringify(result.errors)}`,
    );
    figures.push({ share: run.share, admission: run.admission, result });
  }
  return figures;
}

/** SQLite: what the servers said, when stopped, about waiting for each other's write lock. */
function lockedTries(servers: RunningServer[]): number {
  let total = 0;
  for (const server of servers) {
    const match = /SQLite: (\d+) tries found the database locked/.exec(server.log());
    if (match) total += Number(match[1]);
  }
  return total;
}

async function stopAll(servers: RunningServer[]) {
  await Promise.all(servers.map((s) => s.stop()));
}

async function runBackend(
  backend: Backend,
  which: { http: boolean; import: boolean; export: boolean; pages: boolean },
  file: GeneratedFile,
) {
  let setup = await startServers(backend, 1, "setup", false);
  const adminUrl = () => setup[0]!.url;
  let admin = await login(adminUrl(), ADMIN.email, ADMIN.password);
  let annotators: Annotator[] = [];

  if (which.http || which.import) {
    const projectId = await createRatingProject(adminUrl(), admin, `Bench HTTP ${backend.name}`, 3);
    if (flags["rate-card"]) await createRateCard(adminUrl(), admin, projectId);
    await importFile(backend, projectId, file, "an empty database");

    if (which.http) {
      log(`${backend.name}: creating ${ANNOTATORS} annotators through the API and signing each in...`);
      const started = performance.now();
      annotators = await createAnnotators(
        setup.map((s) => s.url),
        admin,
        { count: ANNOTATORS, prefix: `${backend.name.toLowerCase()}-http`, concurrency: 4 },
      );
      log(`  ${annotators.length} annotators ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await stopAll(setup);
      setup = [];

      for (const count of backend.servers) {
        const servers = await startServers(backend, count, "load", Boolean(PROFILE_DIR), NO_ADMISSION);
        const half = { ...settings, durationMs: settings.durationMs / 2, warmupMs: Math.min(settings.warmupMs, 3000) };
        const quiet = await waitForQuietMachine(QUIET_WAIT_MS);
        if (quiet >= 0.3)
          results.notes.push(
            `${backend.name} HTTP run started while ${quiet.toFixed(2)} cores were busy with other work.`,
          );

        log(`${backend.name}: bare Hono reference (before), ${half.durationMs / 1000} s...`);
        const bareBefore = await withBare((bare) => measureBare(bare, half));
        log(`  bare: ${Math.round(bareBefore.result.requestsPerSecond).toLocaleString("en-US")} requests/s`);

        log(
          `${backend.name}: ${ANNOTATORS} annotators on ${servers.length} server process(es), ${SECONDS} s after ${WARMUP} s warm-up...`,
        );
        const sampler =
          (PROFILE_DIR || flags["pg-activity"]) && backend.pgUrl ? samplePgActivity(backend.pgUrl) : undefined;
        // PostgreSQL's processes are the servers' too: counted apart, not as other work on the machine.
        const databaseProcesses = backend.name === "PostgreSQL" ? { postgres: "postgres" } : {};
        const quorum = await measureQuorum(servers, annotators, projectId, settings, databaseProcesses);
        const q = quorum.result;
        if (sampler) {
          const sample = {
            title: `${backend.name}: next + judgment load (${ANNOTATORS} annotators)`,
            queries: await sampler.stop(),
          };
          results.pgActivity.push(sample);
          log(pgActivityMarkdown(sample.title, sample.queries));
        }
        const figures = (kind: string) => {
          const k = q.kinds[kind];
          return k
            ? `${kind} p50 ${k.p50.toFixed(1)} p90 ${k.p90.toFixed(1)} p99 ${k.p99.toFixed(1)} max ${k.max.toFixed(0)} ms`
            : `no ${kind}`;
        };
        log(
          `  Quorum: ${Math.round(q.kinds.judgment?.perSecond ?? 0).toLocaleString("en-US")} judgments/s, ${Math.round(q.requestsPerSecond).toLocaleString("en-US")} requests/s; ${figures("next")}; ${figures("judgment")}; errors ${JSON.stringify(q.errors)}`,
        );

        let paced: MeasuredLoad | undefined;
        if (PACED_THINK_MS > 0) {
          log(
            `${backend.name}: paced run, each annotator pausing ${PACED_THINK_MS} ms after each call, ${half.durationMs / 1000} s...`,
          );
          paced = await measureQuorum(
            servers,
            annotators,
            projectId,
            { ...half, thinkMs: PACED_THINK_MS },
            databaseProcesses,
          );
          const p = paced.result;
          log(
            `  paced: ${Math.round(p.requestsPerSecond).toLocaleString("en-US")} requests/s; next p50 ${p.kinds.next?.p50.toFixed(1)} p99 ${p.kinds.next?.p99.toFixed(1)} ms; judgment p50 ${p.kinds.judgment?.p50.toFixed(1)} p99 ${p.kinds.judgment?.p99.toFixed(1)} ms`,
          );
        }

        log(`${backend.name}: bare Hono reference (after), ${half.durationMs / 1000} s...`);
        const bareAfter = await withBare((bare) => measureBare(bare, half));
        log(`  bare: ${Math.round(bareAfter.result.requestsPerSecond).toLocaleString("en-US")} requests/s`);
        await stopAll(servers);
        const locked = lockedTries(servers);
        const loadMs = settings.warmupMs + settings.durationMs + (paced ? half.warmupMs + half.durationMs : 0);
        if (locked > 0) {
          const line = `${backend.name}, ${count} processes: ${locked.toLocaleString("en-US")} tries found the database locked by another process (${Math.round(locked / (loadMs / 1000))}/s of load)`;
          log(`  ${line}`);
          results.notes.push(line);
        }
        let pgLimit: PgLimit | undefined;
        if (backend.pgUrl) {
          const clients = 10 * servers.length; // the servers' pools together
          log(
            `${backend.name}: pgbench, the bare claim + judgment transaction pair, ${clients} clients, ${half.durationMs / 1000} s...`,
          );
          pgLimit = await measurePgLimit(backend.pgUrl, { tasks: TASKS, seconds: half.durationMs / 1000, clients });
          log(`  pgbench: ${Math.round(pgLimit.pairsPerSecond).toLocaleString("en-US")} pairs/s`);
        }
        const openLoops = OPEN_LOOP
          ? await measureOpenLoops(backend, count, annotators, projectId, SATURATION ?? q.requestsPerSecond, half)
          : [];

        log(`${backend.name}: checking the database for over-assignment...`);
        const database = await backend.open();
        let check: Awaited<ReturnType<typeof checkConsistency>>;
        try {
          check = await checkConsistency(database, projectId);
        } finally {
          await database.close();
        }
        log(`  check: ${JSON.stringify(check)}`);
        const figure = {
          database: backend.name,
          servers: servers.length,
          annotators: ANNOTATORS,
          tasks: file.tasks,
          quorum,
          bare: [bareBefore, bareAfter],
          ...(paced ? { paced } : {}),
          openLoops,
          ...(pgLimit ? { pgLimit } : {}),
          check,
        };
        results.http.push(figure);
        log(
          `  ratio: ${httpRatio(figure).toFixed(2)} (Quorum ${Math.round(q.requestsPerSecond)} / bare ${Math.round(bareRate(figure))} requests/s)`,
        );
      }
    }
  }

  if (which.export || which.pages) {
    if (setup.length === 0) {
      setup = await startServers(backend, 1, "setup", false);
      admin = await login(adminUrl(), ADMIN.email, ADMIN.password);
    }
    const projectId = await createRatingProject(adminUrl(), admin, `Bench export ${backend.name}`, 3);
    await importFile(
      backend,
      projectId,
      file,
      which.http || which.import ? "a database already holding a project of the same size" : "an empty database",
    );
    let annotatorIds = annotators.map((a) => a.id);
    if (annotatorIds.length < 3) {
      log(`${backend.name}: creating ${ANNOTATORS} annotators for the export project...`);
      const made = await createAnnotators([adminUrl()], admin, {
        count: ANNOTATORS,
        prefix: `${backend.name.toLowerCase()}-export`,
        concurrency: 4,
      });
      annotatorIds = made.map((a) => a.id);
    }
    await stopAll(setup);
    setup = [];
    log(`${backend.name}: writing ${(file.tasks * 3).toLocaleString("en-US")} judgments with bulk SQL...`);
    const database = await backend.open();
    try {
      // On PostgreSQL the counter trigger updates one counter row per changed task at commit: a
      // transaction changing 100,000 tasks would stack 100,000 versions of that row, each update
      // walking the ones before (quadratic). Bulk SQL goes without it and rebuilds the counters.
      const pg = backend.name === "PostgreSQL";
      if (pg) await sql`alter table tasks disable trigger task_counters_update`.execute(database.db);
      const bulk = await bulkJudgments(database, { projectId, annotatorIds, overlap: 3, now: Date.now(), log });
      if (pg) {
        await sql`alter table tasks enable trigger task_counters_update`.execute(database.db);
        const project = await getProject(database.db, projectId);
        if (!project) throw new Error(`project ${projectId} vanished`);
        await database.db.transaction().execute((trx) => rebuildProjectTaskCounters(trx, project));
      }
      results.bulk.push({ database: backend.name, ...bulk });
      log(`  ${bulk.judgments.toLocaleString("en-US")} judgments in ${bulk.seconds.toFixed(1)} s`);
      // Bulk SQL bypasses the judgment transaction that keeps the quality roll-ups: rebuild them.
      const started = performance.now();
      const project = await getProject(database.db, projectId);
      if (!project) throw new Error(`project ${projectId} vanished`);
      await database.db.transaction().execute((trx) => rebuildQualityRollups(trx, project));
      log(`  quality roll-ups rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      // The task counters (kept by triggers on tasks, SQLite's during the bulk SQL too) against a recount.
      const mismatches = await taskCounterMismatches(database, projectId);
      if (mismatches > 0) throw new Error(`${backend.name}: ${mismatches} task counters differ from a recount`);
      // The activity totals (kept by triggers on the hourly roll-up the bulk SQL wrote) against a recount.
      const totals = await activityTotalsMismatches(database, projectId);
      if (totals > 0) throw new Error(`${backend.name}: ${totals} annotators' activity totals differ from a recount`);
    } finally {
      await database.close();
    }
    if (!flags["skip-pages"]) await measureProjectPages(backend, projectId, file.tasks * 3);
    if (which.export) {
      await exportProject(backend, projectId, "jsonl");
      await exportProject(backend, projectId, "csv");
    }
  }
  await stopAll(setup);
}

/** The project, quality and people pages of the export project, each opened a number of times. */
async function measureProjectPages(backend: Backend, projectId: number, judgments: number): Promise<void> {
  const pagesServer = await startServers(backend, 1, "pages", false, NO_ADMISSION);
  try {
    const cookie = await login(pagesServer[0]!.url, ADMIN.email, ADMIN.password);
    log(
      `${backend.name}: opening the project, quality and people pages at ${judgments.toLocaleString("en-US")} judgments...`,
    );
    for (const figure of await measurePages(pagesServer[0]!.url, cookie, projectId, 30, pagesServer[0]!.pid)) {
      log(
        `  ${figure.page}: p50 ${figure.p50.toFixed(1)} ms, p95 ${figure.p95.toFixed(1)} ms; slowest call ${figure.slowest}; load average ${figure.loadAverage.map((l) => l.toFixed(1)).join(" → ")}`,
      );
      log(
        `    calls (p95): ${Object.entries(figure.calls)
          .map(([path, p95]) => `${path} ${p95.toFixed(1)} ms`)
          .join(", ")}; server CPU per page load ${figure.cpu?.perLoadMs.toFixed(1)} ms`,
      );
      results.pages.push({ database: backend.name, judgments, ...figure });
    }
  } finally {
    await stopAll(pagesServer);
  }
}

async function withBare<T>(measureWith: (bare: RunningServer) => Promise<T>): Promise<T> {
  const bare = await startBareHono(PROFILE_DIR);
  try {
    return await measureWith(bare);
  } finally {
    await bare.stop();
  }
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  cleanups.push(async () => {
    if (!flags.keep) rmSync(WORK, { recursive: true, force: true });
  });
  await waitForCli(15 * 60_000);

  const sqliteWanted = {
    http: wants("http-sqlite"),
    import: wants("import"),
    export: wants("export"),
    pages: wants("pages"),
  };
  const pgWanted = {
    http: wants("http-pg"),
    import: wants("import-pg"),
    export: wants("export-pg"),
    pages: wants("pages-pg"),
  };
  const any = (w: typeof sqliteWanted) => w.http || w.import || w.export || w.pages;

  let file: GeneratedFile | undefined;
  if (any(sqliteWanted) || any(pgWanted)) {
    const path = join(OUT_DIR, `tasks-${TASKS}.jsonl`);
    log(`Generating ${TASKS.toLocaleString("en-US")} tasks in ${relative(ROOT, path)}...`);
    const started = performance.now();
    file = await generateTasksFile(path, TASKS);
    cleanups.push(async () => {
      if (!flags.keep) {
        rmSync(path, { force: true });
        rmSync(`${path}.meta.json`, { force: true });
      }
    });
    log(
      `  ${file.tasks.toLocaleString("en-US")} tasks (${file.gold.toLocaleString("en-US")} gold), ${(file.bytes / 2 ** 20).toFixed(0)} MiB, ${Math.round(file.bytes / file.tasks)} bytes a line, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  if (file && any(sqliteWanted)) {
    const dataDir = join(WORK, "sqlite");
    const backend: Backend = {
      name: "SQLite",
      servers: SQLITE_SERVERS,
      env: {
        QUORUM_DATA_DIR: dataDir,
        DATABASE_URL: "",
        QUORUM_PG_SCHEMA: "",
        QUORUM_ADMIN_EMAIL: ADMIN.email,
        QUORUM_ADMIN_PASSWORD: ADMIN.password,
      },
      open: () => openDatabase({ url: join(dataDir, "quorum.db") }),
    };
    await runBackend(backend, sqliteWanted, file);
    if (!flags.keep) rmSync(dataDir, { recursive: true, force: true });
  }

  if (file && any(pgWanted)) {
    const schema = await createTestPostgresSchema(flags["pg-url"]);
    let dropped = false;
    const drop = async () => {
      if (dropped) return;
      dropped = true;
      if (flags.keep) {
        log(`Kept PostgreSQL schema ${schema.schema} at ${schema.url} (for bench/export-cpu.ts --pg-url --pg-schema)`);
        return;
      }
      await schema.drop();
      log(`Dropped PostgreSQL schema ${schema.schema}`);
    };
    cleanups.push(drop);
    log(`PostgreSQL schema ${schema.schema} created`);
    const backend: Backend = {
      name: "PostgreSQL",
      pgUrl: schema.url,
      servers: [2],
      env: {
        DATABASE_URL: schema.url,
        QUORUM_PG_SCHEMA: schema.schema,
        QUORUM_ADMIN_EMAIL: ADMIN.email,
        QUORUM_ADMIN_PASSWORD: ADMIN.password,
      },
      open: () => openDatabase({ url: schema.url, schema: schema.schema, poolSize: 2 }),
    };
    try {
      await runBackend(backend, pgWanted, file);
    } finally {
      await drop();
    }
  }

  // Next task with exposure budgets and skill checks on, beside the same run without them (issue 12).
  if (wants("exposure")) {
    log("Exposure budgets and skill checks: next task with and without them (in process)...");
    for (const cost of await runExposureCost(4000, flags["pg-url"])) {
      const line = exposureCostLine(cost);
      log(`  ${line}`);
      results.notes.push(`Exposure budgets and skill checks, ${line}`);
    }
  }

  if (PROFILE_DIR) {
    results.profiles = summarizeProfiles(PROFILE_DIR);
    for (const summary of results.profiles)
      log(`\n${profileMarkdown({ ...summary, functions: summary.functions.slice(0, 15) })}`);
  }
}

function printTables() {
  const sections: string[] = [];
  if (results.http.length > 0)
    sections.push(
      httpTable(results.http),
      pacedTable(results.http),
      pgLimitTable(results.http),
      openLoopTable(results.http),
      cpuTable(results.http),
      checkTable(results.http),
    );
  if (results.imports.length > 0) sections.push(importTable(results.imports));
  if (results.exports.length > 0) sections.push(exportTable(results.exports));
  if (results.pages.length > 0) sections.push(pagesTable(results.pages));
  log(`\n${sections.join("\n\n")}\n`);
}

function writeReport() {
  const argv = process.argv.slice(2);
  const commands = [
    "npm run bench                      # everything, full size (about 15 minutes)",
    ...(argv.length > 0 ? [`npm run bench -- ${argv.join(" ")}   # this run`] : []),
    "npm run bench -- --tasks 100000 --seconds 5 --only http-sqlite,import,export   # a quick version",
    "npm run bench -- --only http-sqlite --profile   # with CPU profiles of every process",
  ];
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(flags.out, markdown(results, commands));
  log(`Wrote ${relative(ROOT, flags.out)}`);
}

async function cleanUp() {
  killAllChildren();
  await removeBenchDatabases();
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`cleanup failed: ${(error as Error).message}`);
    }
  }
}

let interrupted = false;
process.once("SIGINT", () => {
  interrupted = true;
  console.error("\ninterrupted: stopping children and cleaning up");
  void cleanUp().then(() => process.exit(130));
});

try {
  await main();
  printTables();
  writeReport();
} catch (error) {
  if (!interrupted) {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
    if (results.http.length + results.imports.length + results.exports.length > 0) {
      results.notes.push(
        `The run failed before finishing: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      );
      printTables();
      writeReport();
    }
  }
} finally {
  if (!interrupted) await cleanUp();
}
