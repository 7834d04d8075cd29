import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

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
}

export const ENVIRONMENT_HELP = `Environment:
  PORT                   HTTP port (default 8080)
  HOST                   address to listen on (default 127.0.0.1: this machine only; set 0.0.0.0 in a
                         container or to serve other machines, ideally behind a TLS reverse proxy)
  QUORUM_DATA_DIR        data directory for the embedded SQLite database (default ./.quorum)
  DATABASE_URL           postgres://... to use PostgreSQL instead of SQLite
  QUORUM_PG_SCHEMA       PostgreSQL schema to use (default: the server's search_path)
  QUORUM_ADMIN_EMAIL     first admin's email, created on the first start (default admin@quorum.local)
  QUORUM_ADMIN_PASSWORD  first admin's password (default: random, printed once)
  QUORUM_SECURE_COOKIES  1 to mark the session cookie Secure and send HSTS (behind HTTPS)
  QUORUM_TRUSTED_PROXIES comma-separated addresses or CIDR ranges of reverse proxies whose
                         X-Forwarded-For is believed for sign-in limits (default none)
  QUORUM_MAX_BODY_BYTES  largest JSON request body (default 1048576)
  QUORUM_MAX_IMPORT_BYTES  largest import upload (default 1073741824)
  QUORUM_REFIT_MINUTES   minutes between periodic re-fits of truth inference (default 15; 0 = off)
  QUORUM_SQLITE_SYNCHRONOUS  FULL to fsync every SQLite commit (default NORMAL)`;

function byteLimit(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} must be a number of bytes, not ${text}`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.QUORUM_DATA_DIR ?? ".quorum");
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${env.PORT}`);
  return {
    databaseUrl: env.DATABASE_URL || join(dataDir, "quorum.db"),
    databaseSchema: env.QUORUM_PG_SCHEMA || undefined,
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
    maxBodyBytes: byteLimit(env, "QUORUM_MAX_BODY_BYTES", 1024 * 1024),
    maxImportBytes: byteLimit(env, "QUORUM_MAX_IMPORT_BYTES", 1024 * 1024 * 1024),
  };
}
