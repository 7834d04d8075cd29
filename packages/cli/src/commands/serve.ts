import cluster from "node:cluster";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import {
  createApp,
  createMailer,
  createMonitoringWorker,
  createOverlapPolicyWorker,
  createReportScheduler,
  DEFAULT_ADMISSION,
  ensureAdmin,
} from "@quorum/server";
import { countUsers, type Database, sqliteBusyRetries } from "@quorum/storage";
import { startActivityFold } from "../activity-fold-scheduler.js";
import { integerOption, parseCommandArgs, UsageError } from "../args.js";
import { type Config, SERVER_RECORD } from "../config.js";
import { buildDemoWorkspace } from "../demo/build-demo.js";
import type { Io } from "../io.js";
import { openConfiguredDatabase } from "../open.js";
import { startPeriodicRefit } from "../refit-scheduler.js";
import { startTierSchedule } from "../tier-scheduler.js";

export const SERVE_HELP = `quorum serve [--no-demo] [--workers N]
  Starts the server: migrates the database, creates the first admin, builds the demo workspace on
  an empty database (unless --no-demo) and serves the web app and the API. Ctrl-C or SIGTERM stops
  it cleanly. Other commands run from this folder then open the same database.
  --workers N   serve from N processes sharing the port (PostgreSQL only; default 1). The first
                process migrates, runs the re-fits and monitors, and restarts a worker that dies.`;

/** How long a stop may wait for open requests before the process exits anyway. */
const STOP_GRACE_MS = 5000;

/** `quorum serve [--no-demo] [--workers N]`. */
export async function serveCommand(argv: string[], io: Io, config: Config): Promise<void> {
  const values = parseCommandArgs(
    argv,
    { "no-demo": { type: "boolean" }, workers: { type: "string" } },
    SERVE_HELP,
    io,
  );
  if (!values) return;
  const workers = workerCount(values.workers, config);
  const log = (line: string) => io.stderr(`${line}\n`);
  // The primary migrated before forking: a worker (or its replacement) only opens the database.
  if (cluster.isWorker) return serveHttp(await openConfiguredDatabase(config, { migrate: false }), config, log, []);

  const database = await openConfiguredDatabase(config);
  const empty = (await countUsers(database.db)) === 0;
  await ensureAdmin(database, { email: config.adminEmail, password: config.adminPassword }, Date.now(), log);
  if (empty && !values["no-demo"]) await buildDemoWorkspace(database, io);
  const background = startBackgroundWork(database, config, log);
  recordServer(config);
  if (config.oidc) log(`Single sign-on: ${config.oidc.issuer.href}, redirect URL ${config.oidc.redirectUrl.href}`);
  if (workers === 1) return serveHttp(database, config, log, background);
  superviseWorkers(workers, database, log, background);
}

function workerCount(text: string | undefined, config: Config): number {
  if (text === undefined) return 1;
  const count = integerOption("--workers", text, 1, 64);
  // Two processes on one SQLite file pass the consistency tests but were slower than one (0.74-0.82x
  // the judgments/s, 1.4-1.6x the CPU a pair, ~350 lock waits/s): `bench/run.ts --sqlite-servers 1,2`.
  if (count > 1 && !/^postgres(ql)?:/.test(config.databaseUrl))
    throw new UsageError(
      "--workers above 1 needs PostgreSQL (set DATABASE_URL): the embedded SQLite database is written by one process",
    );
  return count;
}

type Stop = () => Promise<void> | void;

/** Periodic re-fits, monitors, the daily tier rules and the hourly fold of activity totals: in the one process that also migrates, never in every worker. */
function startBackgroundWork(database: Database, config: Config, log: (line: string) => void): Stop[] {
  const stops: Stop[] = [];
  if (config.refitMinutes > 0) stops.push(startPeriodicRefit(database, config.refitMinutes, log));
  stops.push(startTierSchedule(database, log));
  stops.push(startActivityFold(database, log));
  // Changed overlap policies, applied batch by batch to big projects (each project leased to one process).
  const overlapPolicies = createOverlapPolicyWorker({ database, now: Date.now, log });
  overlapPolicies.start();
  stops.push(() => overlapPolicies.stop());
  if (config.monitorSeconds > 0) {
    const monitoring = createMonitoringWorker({
      database,
      now: Date.now,
      log,
      evaluateEveryMs: config.monitorSeconds * 1000,
      mailer: config.smtpUrl ? createMailer(config.smtpUrl, config.smtpFrom) : undefined,
    });
    monitoring.start();
    stops.push(() => monitoring.stop());
  }
  // Scheduled reports: each run is claimed in the database, so one process sends each report.
  const reports = createReportScheduler({
    database,
    now: Date.now,
    log,
    mailer: config.smtpUrl ? createMailer(config.smtpUrl, config.smtpFrom) : undefined,
  });
  reports.start();
  stops.push(() => reports.stop());
  return stops;
}

/** Serves the API and web app from this process until a signal (or, in a worker, the primary going away). */
function serveHttp(database: Database, config: Config, log: (line: string) => void, background: Stop[]) {
  const app = createApp({
    database,
    now: Date.now,
    secureCookies: config.secureCookies,
    webRoot: config.webRoot,
    log,
    trustedProxies: config.trustedProxies,
    limits: {
      jsonBytes: config.maxBodyBytes,
      importBytes: config.maxImportBytes,
      importIdleMs: config.importIdleSeconds * 1000,
    },
    admission: config.admission.maxInFlight === 0 ? undefined : { ...DEFAULT_ADMISSION, ...config.admission },
    oidc: config.oidc,
    // One-time password links go by e-mail when a mail server is configured, else to the inviter.
    mailer: config.smtpUrl ? createMailer(config.smtpUrl, config.smtpFrom) : undefined,
    publicUrl: config.publicUrl,
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.host === "0.0.0.0" || config.host === "::" ? `all interfaces (${config.host})` : config.host;
    const who = cluster.isWorker ? ` (worker ${cluster.worker?.id}, pid ${process.pid})` : "";
    log(
      `Quorum is serving on http://localhost:${info.port}, listening on ${where} (${database.location})${who}. API docs: /api/docs`,
    );
  });
  const startedAt = performance.now();
  onStop(log, async () => {
    server.close();
    if ("closeAllConnections" in server) server.closeAllConnections();
    for (const stop of background) await stop();
    await database.close();
    const retries = sqliteBusyRetries();
    if (retries > 0) {
      const perSecond = retries / ((performance.now() - startedAt) / 1000);
      log(`SQLite: ${retries} tries found the database locked by another process (${perSecond.toFixed(1)}/s)`);
    }
  });
  // A worker whose primary died (even by kill -9) has nobody to restart or stop it: it stops too.
  if (cluster.isWorker) process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
}

/** The primary of `--workers N`: forks the workers, restarts one that dies, stops them all on a signal. */
function superviseWorkers(count: number, database: Database, log: (line: string) => void, background: Stop[]) {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    log(`worker ${worker.id} (pid ${worker.process.pid}) exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  onStop(log, async () => {
    stopping = true;
    const exited = Object.values(cluster.workers ?? {}).map(
      (worker) =>
        new Promise<void>((resolve) => (worker?.isDead() ? resolve() : worker?.once("exit", () => resolve()))),
    );
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    await Promise.all(exited);
    for (const stop of background) await stop();
    await database.close();
  });
}

/** On SIGINT, SIGTERM or SIGHUP: runs `stop` once, exits 0 (1 if it failed), or anyway after the grace period. */
function onStop(log: (line: string) => void, stop: () => Promise<void>) {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => handle(signal));
}

/**
 * Leaves the database location in the data directory (readable by this user only: a PostgreSQL
 * URL may hold a password), so `quorum import`/`export`/`simulate` open what the server uses, even
 * after it stopped.
 */
function recordServer(config: Config) {
  const path = join(config.dataDir, SERVER_RECORD);
  try {
    mkdirSync(config.dataDir, { recursive: true });
    const record = { databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema, startedAt: Date.now() };
    writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    chmodSync(path, 0o600);
  } catch {
    // A read-only data directory only costs the other commands this hint.
  }
}
