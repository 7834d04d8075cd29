import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createApp, createMailer, createMonitoringWorker, ensureAdmin } from "@quorum/server";
import { countUsers } from "@quorum/storage";
import { parseCommandArgs } from "../args.js";
import { type Config, SERVER_RECORD } from "../config.js";
import { buildDemoWorkspace } from "../demo/build-demo.js";
import type { Io } from "../io.js";
import { openConfiguredDatabase } from "../open.js";
import { startPeriodicRefit } from "../refit-scheduler.js";

export const SERVE_HELP = `quorum serve [--no-demo]
  Starts the server: migrates the database, creates the first admin, builds the demo workspace on
  an empty database (unless --no-demo) and serves the web app and the API. Ctrl-C or SIGTERM stops
  it cleanly. Other commands run from this folder then open the same database.`;

/** How long a stop may wait for open requests before the process exits anyway. */
const STOP_GRACE_MS = 5000;

/** `quorum serve [--no-demo]`: migrates, creates the first admin, builds the demo on an empty database, serves. */
export async function serveCommand(argv: string[], io: Io, config: Config): Promise<void> {
  const values = parseCommandArgs(argv, { "no-demo": { type: "boolean" } }, SERVE_HELP, io);
  if (!values) return;
  const database = await openConfiguredDatabase(config);
  const log = (line: string) => io.stderr(`${line}\n`);
  const empty = (await countUsers(database.db)) === 0;
  await ensureAdmin(database, { email: config.adminEmail, password: config.adminPassword }, Date.now(), log);
  if (empty && !values["no-demo"]) await buildDemoWorkspace(database, io);

  const stopRefit = config.refitMinutes > 0 ? startPeriodicRefit(database, config.refitMinutes, log) : undefined;
  const monitoring =
    config.monitorSeconds > 0
      ? createMonitoringWorker({
          database,
          now: Date.now,
          log,
          evaluateEveryMs: config.monitorSeconds * 1000,
          mailer: config.smtpUrl ? createMailer(config.smtpUrl, config.smtpFrom) : undefined,
        })
      : undefined;
  monitoring?.start();
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
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const where = config.host === "0.0.0.0" || config.host === "::" ? `all interfaces (${config.host})` : config.host;
    log(
      `Quorum is serving on http://localhost:${info.port}, listening on ${where} (${database.location}). API docs: /api/docs`,
    );
  });
  recordServer(config);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    // Exit even if a client holds a connection open; the database is closed first either way.
    setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
    stopRefit?.();
    server.close();
    if ("closeAllConnections" in server) server.closeAllConnections();
    void (monitoring?.stop() ?? Promise.resolve())
      .then(() => database.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGHUP", () => stop("SIGHUP"));
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
