import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// The OIDC settings module only, not the whole server: every command loads this file.
import { OIDC_ENVIRONMENT_HELP, type OidcConfig, parseOidcConfig } from "@quorum/server/oidc-config";

/** Settings from the environment; every variable is listed in `quorum --help`. */
export interface Config {
  /** PostgreSQL URL, or the SQLite file under the data directory. */
  databaseUrl: string;
  /** PostgreSQL schema to use (optional; isolates test runs and benchmarks). */
  databaseSchema: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  secureCookies: boolean;
  webRoot: string;
  /** Minutes between periodic re-fits of truth inference; 0 turns them off. */
  refitMinutes: number;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). */
  trustedProxies: string[];
  /** Largest JSON request body, in bytes. */
  maxBodyBytes: number;
  /** Largest import file, in bytes. */
  maxImportBytes: number;
  /** The longest pause between chunks of an import upload, in seconds. */
  importIdleSeconds: number;
  /** Seconds between evaluations of the monitors; 0 turns monitors and webhook deliveries off. */
  monitorSeconds: number;
  /** SMTP server for alert e-mail (`smtp://user:pass@host:587`); none: alerts go to the inbox and webhooks only. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** QUORUM_PUBLIC_URL: the URL people open Quorum at, for links in e-mail (password links); undefined: the request's origin. */
  publicUrl: string | undefined;
  /**
   * Admission control settings given in the environment (the server's defaults fill the rest);
   * maxInFlight 0 turns it off.
   */
  admission: {
    maxInFlight?: number;
    targetMs?: number;
    maxQueued?: number;
    maxWaitMs?: number;
    maxLagMs?: number;
    delayTargetMs?: number;
    minShedRate?: number;
  };
  /** Single sign-on (QUORUM_OIDC_*); undefined: password sign-in only. */
  oidc: OidcConfig | undefined;
}

export const ENVIRONMENT_HELP = `Environment:
  PORT                   HTTP port (default 8080)
  HOST                   address to listen on (default 127.0.0.1: this machine only; set 0.0.0.0 in a
                         container or to serve other machines, ideally behind a TLS reverse proxy)
  QUORUM_DATA_DIR        data directory for the embedded SQLite database (default: the nearest
                         .quorum folder in this directory or a parent, else ./.quorum)
  DATABASE_URL           postgres://... to use PostgreSQL instead of SQLite
  QUORUM_PG_SCHEMA       PostgreSQL schema to use (default: the server's search_path)
  QUORUM_PG_PREPARE      0 to send the hot statements unprepared (needed behind a PgBouncer in
                         transaction mode older than 1.21; default: prepared once per connection,
                         a transaction's begin sent with its first one)
  QUORUM_ADMIN_EMAIL     first admin's email, created on the first start (default admin@quorum.local)
  QUORUM_ADMIN_PASSWORD  first admin's password (default: random, printed once)
  QUORUM_SECURE_COOKIES  1 to mark the session cookie Secure and send HSTS (behind HTTPS)
  QUORUM_TRUSTED_PROXIES comma-separated addresses or CIDR ranges of reverse proxies whose
                         X-Forwarded-For is believed for sign-in limits (default none)
  QUORUM_MAX_BODY_BYTES  largest JSON request body (default 1048576)
  QUORUM_MAX_IMPORT_BYTES  largest import upload (default 1073741824)
  QUORUM_IMPORT_IDLE_SECONDS  longest pause within an import upload before it fails (default 30)
  QUORUM_REFIT_MINUTES   minutes between periodic re-fits of truth inference (default 15; 0 = off)
  QUORUM_SQLITE_SYNCHRONOUS  FULL to fsync every SQLite commit (default NORMAL)
  QUORUM_SQLITE_GROUP_COMMIT  0 to commit each SQLite transaction alone (default: the transactions
                         ending in one turn of the event loop share one COMMIT, none answered before it)
  QUORUM_STATEMENT_TIMING  file prefix: time every SQLite statement, sums per SQL text written to
                         <prefix>.<pid>.tsv (a bench mode; default off)
  QUORUM_MONITOR_SECONDS seconds between evaluations of the monitors (default 30; 0 = off)
  QUORUM_SMTP_URL        smtp://user:pass@host:port to e-mail alerts (default: inbox and webhooks only)
  QUORUM_SMTP_FROM       sender of alert e-mail (default Quorum <quorum@localhost>)
  QUORUM_MAX_IN_FLIGHT   most API requests one process works on at once (default 64; 0 = no
                         admission control); the limit adapts below it to keep QUORUM_TARGET_MS;
                         the excess waits, then gets 503 with Retry-After
  QUORUM_TARGET_MS       time to answer an admitted request the limit aims for (default 25)
  QUORUM_MAX_QUEUED      API requests that may wait for a slot (default 1024)
  QUORUM_QUEUE_WAIT_MS   longest wait for a slot before a 503 (default 50)
  QUORUM_MAX_LAG_MS      event-loop delay above which new API requests get 503 (default 30)
  QUORUM_DELAY_TARGET_MS wait before an admitted request starts that refusals hold it to
                         (event-loop delay plus time queued; default a third of
                         QUORUM_MAX_LAG_MS, 10; 0 = only the rules above)
  QUORUM_MIN_SHED_RATE   API requests a second below which all are admitted at once, however
                         busy the machine (default 50; 0 = the rules above at any rate)
${OIDC_ENVIRONMENT_HELP}`;

/** What a numeric variable holds, as its error message says it. */
const NUMBER_KINDS = { bytes: "a number of bytes", count: "a whole number", seconds: "a number of seconds" };

/**
 * A number from the environment, or undefined when the variable is unset or empty: bytes are whole
 * and at least 1, counts whole and at least 0, seconds positive (decimals allowed). Anything else
 * is an error naming the variable.
 */
function envNumber(env: NodeJS.ProcessEnv, name: string, kind: keyof typeof NUMBER_KINDS): number | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  const valid =
    kind === "seconds"
      ? /^[0-9]+(\.[0-9]+)?$/.test(text) && value > 0
      : /^[0-9]+$/.test(text) && Number.isSafeInteger(value) && (kind === "count" || value >= 1);
  if (!valid) throw new Error(`${name} must be ${NUMBER_KINDS[kind]}, not ${text}`);
  return value;
}

/** Written by `quorum serve` so other commands open the database the server uses. */
export const SERVER_RECORD = "server.json";

/** The nearest existing `.quorum` folder from `cwd` upwards, so commands run in a subfolder find the server's data. */
function findDataDir(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".quorum"))) return join(dir, ".quorum");
    if (dirname(dir) === dir) return resolve(cwd, ".quorum");
  }
}

/** The database a server started from this data directory used (PostgreSQL included), if one was recorded. */
function recordedDatabase(dataDir: string): { databaseUrl: string; databaseSchema?: string } | undefined {
  try {
    const record = JSON.parse(readFileSync(join(dataDir, SERVER_RECORD), "utf8")) as {
      databaseUrl?: unknown;
      databaseSchema?: unknown;
    };
    if (typeof record.databaseUrl !== "string") return undefined;
    return {
      databaseUrl: record.databaseUrl,
      ...(typeof record.databaseSchema === "string" ? { databaseSchema: record.databaseSchema } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Settings from the environment. Commands other than `serve` pass `followServer`: without
 * DATABASE_URL they open the database the last server started on this data directory used.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { cwd?: string; followServer?: boolean } = {},
): Config {
  const cwd = options.cwd ?? process.cwd();
  const dataDir = env.QUORUM_DATA_DIR ? resolve(cwd, env.QUORUM_DATA_DIR) : findDataDir(cwd);
  const recorded = env.DATABASE_URL || !options.followServer ? undefined : recordedDatabase(dataDir);
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const monitorSeconds = Number(env.QUORUM_MONITOR_SECONDS ?? 30);
  if (!(Number.isFinite(monitorSeconds) && monitorSeconds >= 0))
    throw new Error(`QUORUM_MONITOR_SECONDS must be a number of seconds, not ${env.QUORUM_MONITOR_SECONDS}`);
  return {
    databaseUrl: env.DATABASE_URL || recorded?.databaseUrl || join(dataDir, "quorum.db"),
    databaseSchema: env.QUORUM_PG_SCHEMA || (env.DATABASE_URL ? undefined : recorded?.databaseSchema),
    dataDir,
    port,
    host: env.HOST || "127.0.0.1",
    adminEmail: env.QUORUM_ADMIN_EMAIL || undefined,
    adminPassword: env.QUORUM_ADMIN_PASSWORD || undefined,
    secureCookies: env.QUORUM_SECURE_COOKIES === "1",
    webRoot: fileURLToPath(new URL("../../web/dist", import.meta.url)),
    refitMinutes: Number(env.QUORUM_REFIT_MINUTES ?? 15),
    trustedProxies: (env.QUORUM_TRUSTED_PROXIES ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
    maxBodyBytes: envNumber(env, "QUORUM_MAX_BODY_BYTES", "bytes") ?? 1024 * 1024,
    maxImportBytes: envNumber(env, "QUORUM_MAX_IMPORT_BYTES", "bytes") ?? 1024 * 1024 * 1024,
    importIdleSeconds: envNumber(env, "QUORUM_IMPORT_IDLE_SECONDS", "seconds") ?? 30,
    monitorSeconds,
    smtpUrl: env.QUORUM_SMTP_URL || undefined,
    smtpFrom: env.QUORUM_SMTP_FROM || "Quorum <quorum@localhost>",
    publicUrl: env.QUORUM_PUBLIC_URL || undefined,
    admission: Object.fromEntries(
      Object.entries({
        maxInFlight: envNumber(env, "QUORUM_MAX_IN_FLIGHT", "count"),
        targetMs: envNumber(env, "QUORUM_TARGET_MS", "count"),
        maxQueued: envNumber(env, "QUORUM_MAX_QUEUED", "count"),
        maxWaitMs: envNumber(env, "QUORUM_QUEUE_WAIT_MS", "count"),
        maxLagMs: envNumber(env, "QUORUM_MAX_LAG_MS", "count"),
        delayTargetMs: envNumber(env, "QUORUM_DELAY_TARGET_MS", "count"),
        minShedRate: envNumber(env, "QUORUM_MIN_SHED_RATE", "count"),
      }).filter(([, value]) => value !== undefined),
    ),
    oidc: parseOidcConfig(env),
  };
}
