import { existsSync } from "node:fs";
import { resolve } from "node:path";
import {
  backupSqlite,
  type DatabaseContents,
  inspectPostgres,
  inspectSqliteFile,
  MIGRATION_NAMES,
  MIGRATION_TABLE,
  restoreSqlite,
  totalRows,
} from "@quorum/storage";
import { parseCommandArgs, UsageError } from "../args.js";
import type { Config } from "../config.js";
import { InputError } from "../input-error.js";
import type { Io } from "../io.js";
import {
  commandLine,
  dumpArgs,
  dumpMigrations,
  dumpSchemas,
  findOnPath,
  restoreArgs,
  runTool,
  splitPassword,
} from "../postgres-dump.js";

export const BACKUP_HELP = `quorum backup --out FILE [--print]
  Copies the database to FILE while the server keeps running. SQLite: SQLite's online backup API
  (one consistent snapshot, a single self-contained file). PostgreSQL (DATABASE_URL=postgres://...):
  runs pg_dump in its custom format when it is on PATH, otherwise (or with --print) prints the
  exact pg_dump command to run.`;

export const RESTORE_HELP = `quorum restore --from FILE [--force] [--print]
  Replaces the database with a backup made by quorum backup, after checking the file is a Quorum
  database of this version or older. Refuses a database that holds data unless --force. Stop the
  server first. SQLite: written with the online backup API (all or nothing). PostgreSQL: runs
  pg_restore in one transaction when it is on PATH, otherwise (or with --print) prints the command.`;

const isPostgres = (config: Config) => /^postgres(ql)?:\/\//.test(config.databaseUrl);

const describeContents = (contents: DatabaseContents) =>
  ["projects", "tasks", "judgments", "users"].map((t) => `${contents.rows[t] ?? 0} ${t}`).join(", ");

/** `quorum backup --out FILE`: a consistent copy of the configured database. */
export async function backupCommand(
  argv: string[],
  io: Io,
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const values = parseCommandArgs(argv, { out: { type: "string" }, print: { type: "boolean" } }, BACKUP_HELP, io);
  if (!values) return;
  if (!values.out) throw new UsageError(`--out is required\n${BACKUP_HELP}`);
  const out = resolve(values.out);
  if (isPostgres(config)) return postgresBackup(out, io, config, env, values.print === true);

  const source = resolve(config.databaseUrl);
  if (!existsSync(source))
    throw new InputError(`no database at ${source} (set QUORUM_DATA_DIR or DATABASE_URL to the one to back up)`);
  if (out === source) throw new UsageError("--out must not be the database itself");
  if (values.print) throw new UsageError("--print is for PostgreSQL; SQLite backups need no other tool");
  const copy = await backupSqlite(source, out);
  io.stderr(
    `Backed up sqlite:${source} to ${out} (${(copy.bytes / 1048576).toFixed(1)} MiB: ${describeContents(copy)})\n`,
  );
}

/** `quorum restore --from FILE [--force]`: replaces the configured database with a checked backup. */
export async function restoreCommand(
  argv: string[],
  io: Io,
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const values = parseCommandArgs(
    argv,
    { from: { type: "string" }, force: { type: "boolean" }, print: { type: "boolean" } },
    RESTORE_HELP,
    io,
  );
  if (!values) return;
  if (!values.from) throw new UsageError(`--from is required\n${RESTORE_HELP}`);
  const from = resolve(values.from);
  if (!existsSync(from)) throw new InputError(`--from: no file at ${from}`);
  const force = values.force === true;
  if (isPostgres(config)) return postgresRestore(from, force, io, config, env, values.print === true);
  if (values.print) throw new UsageError("--print is for PostgreSQL; SQLite restores need no other tool");

  const target = resolve(config.databaseUrl);
  if (from === target) throw new UsageError("--from is the database itself");
  checkBackup(from);
  if (existsSync(target)) {
    const current = inspectSqliteFile(target);
    if (totalRows(current) > 0 && !force)
      throw new InputError(
        `sqlite:${target} holds data (${describeContents(current)}); add --force to replace it with the backup`,
      );
  }
  const restored = await restoreSqlite(from, target);
  io.stderr(`Restored ${from} into sqlite:${target} (${describeContents(restored)})\n`);
}

/** Throws an InputError saying why the file is not a Quorum backup this version can restore. */
function checkBackup(path: string): void {
  let contents: DatabaseContents;
  try {
    contents = inspectSqliteFile(path);
  } catch (error) {
    throw new InputError(`--from: ${path} is not a SQLite database (${(error as Error).message})`);
  }
  if (!contents.quorum)
    throw new InputError(
      `--from: ${path} is a SQLite database but not Quorum's (no migrations table); nothing replaced`,
    );
  checkMigrations(path, contents.migrations);
}

function checkMigrations(path: string, migrations: string[]): void {
  const unknown = migrations.filter((m) => !MIGRATION_NAMES.includes(m));
  if (unknown.length > 0)
    throw new InputError(
      `--from: ${path} comes from a newer Quorum (migrations ${unknown.join(", ")} are unknown here); upgrade Quorum first`,
    );
}

async function postgresBackup(out: string, io: Io, config: Config, env: NodeJS.ProcessEnv, print: boolean) {
  const { url, password } = splitPassword(config.databaseUrl);
  const args = dumpArgs({ url, schema: config.databaseSchema, out });
  const program = findOnPath("pg_dump", env);
  if (print || !program) {
    printCommands(io, [commandLine("pg_dump", args)], password);
    if (!program && !print)
      throw new Error("pg_dump is not on PATH: run the command above (apt-get install postgresql-client)");
    return;
  }
  await runTool(program, args, password);
  io.stderr(`Backed up ${url}${config.databaseSchema ? ` (schema ${config.databaseSchema})` : ""} to ${out}\n`);
}

async function postgresRestore(
  from: string,
  force: boolean,
  io: Io,
  config: Config,
  env: NodeJS.ProcessEnv,
  print: boolean,
) {
  const { url, password } = splitPassword(config.databaseUrl);
  // --clean --if-exists: drops what the backup holds before creating it (harmless on an empty schema).
  const args = restoreArgs({ url, from });
  const program = findOnPath("pg_restore", env);
  if (print || !program) {
    printCommands(io, [commandLine("pg_restore", args)], password);
    if (!program && !print)
      throw new Error("pg_restore is not on PATH: run the command above (apt-get install postgresql-client)");
    return;
  }
  const current = await inspectPostgres(config.databaseUrl, config.databaseSchema);
  let schemas: string[];
  try {
    schemas = dumpSchemas((await runTool(program, ["--list", from], password)).stdout);
  } catch {
    throw new InputError(`--from: ${from} is not a pg_dump archive in custom format (make it with quorum backup)`);
  }
  if (schemas.length === 0)
    throw new InputError(`--from: ${from} is a pg_dump archive but not of a Quorum database; nothing replaced`);
  if (!schemas.includes(current.schema))
    throw new InputError(
      `--from: the backup holds schema ${schemas.join(", ")} but the database in use is schema ${current.schema} (set QUORUM_PG_SCHEMA)`,
    );
  const migrations = dumpMigrations(
    (await runTool(program, ["--data-only", `--table=${MIGRATION_TABLE}`, "--file=-", from], password)).stdout,
    current.schema,
  );
  checkMigrations(from, migrations);
  if (totalRows(current) > 0 && !force)
    throw new InputError(
      `${url} (schema ${current.schema}) holds data (${describeContents(current)}); add --force to replace it with the backup`,
    );
  await runTool(program, args, password);
  const restored = await inspectPostgres(config.databaseUrl, config.databaseSchema);
  io.stderr(`Restored ${from} into ${url} (schema ${current.schema}: ${describeContents(restored)})\n`);
}

function printCommands(io: Io, lines: string[], password: string | undefined) {
  if (password !== undefined) io.stdout("# the password is left out: set PGPASSWORD or use ~/.pgpass\n");
  for (const line of lines) io.stdout(`${line}\n`);
}
