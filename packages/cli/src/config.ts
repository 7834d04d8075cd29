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
}

export const ENVIRONMENT_HELP = `Environment:
  PORT                   HTTP port (default 8080)
  HOST                   address to listen on (default 0.0.0.0)
  QUORUM_DATA_DIR        data directory for the embedded SQLite database (default ./.quorum)
  DATABASE_URL           postgres://... to use PostgreSQL instead of SQLite
  QUORUM_PG_SCHEMA       PostgreSQL schema to use (default: the server's search_path)
  QUORUM_ADMIN_EMAIL     first admin's email, created on the first start (default admin@quorum.local)
  QUORUM_ADMIN_PASSWORD  first admin's password (default: random, printed once)
  QUORUM_SECURE_COOKIES  1 to mark the session cookie Secure (behind HTTPS)
  QUORUM_REFIT_MINUTES   minutes between periodic re-fits of truth inference (default 15; 0 = off)
  QUORUM_SQLITE_SYNCHRONOUS  FULL to fsync every SQLite commit (default NORMAL)`;

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
    host: env.HOST ?? "0.0.0.0",
    adminEmail: env.QUORUM_ADMIN_EMAIL || undefined,
    adminPassword: env.QUORUM_ADMIN_PASSWORD || undefined,
    secureCookies: env.QUORUM_SECURE_COOKIES === "1",
    webRoot: fileURLToPath(new URL("../../web/dist", import.meta.url)),
    refitMinutes: Number(env.QUORUM_REFIT_MINUTES ?? 15),
  };
}
