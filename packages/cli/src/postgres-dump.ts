import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { MIGRATION_TABLE } from "@quorum/storage";

/**
 * PostgreSQL is backed up with its own tools (`pg_dump` custom format, `pg_restore`): they are
 * consistent under load (one snapshot), restore in one transaction, and need nothing from us.
 */

/** The executable's path when it is on PATH. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The URL without its password (which goes in PGPASSWORD, out of the process list and the printed commands). */
export function splitPassword(url: string): { url: string; password: string | undefined } {
  const parsed = new URL(url);
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = "";
  return { url: parsed.toString(), password };
}

export function dumpArgs(options: { url: string; schema: string | undefined; out: string }): string[] {
  return [
    "--format=custom",
    "--no-owner",
    "--no-privileges",
    ...(options.schema ? [`--schema=${options.schema}`] : []),
    `--file=${options.out}`,
    `--dbname=${options.url}`,
  ];
}

export function restoreArgs(options: { url: string; from: string }): string[] {
  return [
    "--exit-on-error",
    "--single-transaction",
    "--no-owner",
    "--no-privileges",
    "--clean",
    "--if-exists",
    `--dbname=${options.url}`,
    options.from,
  ];
}

const quoteShell = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

/** A command line to print, password left out. */
export function commandLine(program: string, args: string[]): string {
  return [program, ...args].map(quoteShell).join(" ");
}

/** Runs a PostgreSQL tool; resolves with its output, rejects with its error output. */
export function runTool(
  program: string,
  args: string[],
  password: string | undefined,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: { ...process.env, ...(password === undefined ? {} : { PGPASSWORD: password }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`${program} failed (exit ${code}): ${stderr.trim() || stdout.trim()}`)),
    );
  });
}

/** The schemas holding a Quorum database in a `pg_restore --list` table of contents. */
export function dumpSchemas(tableOfContents: string): string[] {
  const pattern = new RegExp(`^\\d+; \\d+ \\d+ TABLE (\\S+) ${MIGRATION_TABLE} `, "gm");
  return [...tableOfContents.matchAll(pattern)].map((m) => m[1]!);
}

/** Migration names of one schema from `pg_restore --data-only --table=kysely_migration --file=-` (COPY blocks). */
export function dumpMigrations(copyText: string, schema: string): string[] {
  const blocks = copyText.split(/^COPY /m).slice(1);
  const block = blocks.find((b) => b.startsWith(`${schema}.${MIGRATION_TABLE} `)) ?? "";
  const rows = block.slice(block.indexOf("\n") + 1, block.search(/^\\\.$/m));
  return rows
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split("\t")[0]!)
    .sort();
}
