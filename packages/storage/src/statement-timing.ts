import { writeFileSync } from "node:fs";
import type SQLite from "better-sqlite3";

/**
 * Per-statement timing of SQLite, a bench mode: with `QUORUM_STATEMENT_TIMING=<file prefix>` set
 * when a database opens, every statement it runs is timed inside better-sqlite3's `run`/`get`/`all`
 * (the SQLite work and the binding of values, not Kysely's), and the sums per SQL text are written
 * to `<prefix>.<pid>.tsv` every few seconds and on exit. CPU time (the process's, from
 * `getrusage`) is the figure to compare on a busy machine, where wall time includes waiting for a
 * core; both are kept. Unset, the statements are not wrapped at all.
 */
export interface StatementTiming {
  sql: string;
  calls: number;
  cpuTotalMs: number;
  cpuMeanUs: number;
  wallMeanUs: number;
}

interface Sum {
  calls: number;
  cpuUs: number;
  wallNs: bigint;
}

type Method = (...values: unknown[]) => unknown;

const sums = new Map<string, Sum>();
let filePrefix: string | undefined;
let writer: NodeJS.Timeout | undefined;

/** The wrapper to put around each statement prepared now, or undefined when timing is off. */
export function statementTimer(): ((statement: SQLite.Statement, source: string) => SQLite.Statement) | undefined {
  const prefix = process.env.QUORUM_STATEMENT_TIMING;
  if (!prefix) return undefined;
  if (filePrefix === undefined) {
    filePrefix = prefix;
    process.on("exit", writeStatementTimings);
    writer = setInterval(writeStatementTimings, 3000).unref();
  }
  return timed;
}

function timed(statement: SQLite.Statement, source: string): SQLite.Statement {
  const sum = sums.get(source) ?? { calls: 0, cpuUs: 0, wallNs: 0n };
  sums.set(source, sum);
  // The method is looked up at each call, so a wrapper put on the prototype later
  // (`countStatements`) still sees the call.
  const prototype = Object.getPrototypeOf(statement) as Record<"run" | "get" | "all", Method>;
  for (const name of ["run", "get", "all"] as const) {
    Object.defineProperty(statement, name, {
      value: (...values: unknown[]) => {
        const cpu = process.cpuUsage();
        const wall = process.hrtime.bigint();
        try {
          return prototype[name].apply(statement, values);
        } finally {
          const used = process.cpuUsage(cpu);
          sum.wallNs += process.hrtime.bigint() - wall;
          sum.cpuUs += used.user + used.system;
          sum.calls++;
        }
      },
    });
  }
  return statement;
}

/** The sums so far, the most CPU time first. */
export function statementTimings(): StatementTiming[] {
  return [...sums]
    .filter(([, sum]) => sum.calls > 0)
    .map(([sql, { calls, cpuUs, wallNs }]) => ({
      sql: sql.replace(/\s+/g, " ").trim(),
      calls,
      cpuTotalMs: cpuUs / 1e3,
      cpuMeanUs: cpuUs / calls,
      wallMeanUs: Number(wallNs) / calls / 1e3,
    }))
    .sort((a, b) => b.cpuTotalMs - a.cpuTotalMs);
}

/** Starts the sums again (a bench does after its warm-up). */
export function resetStatementTimings(): void {
  for (const sum of sums.values()) {
    sum.calls = 0;
    sum.cpuUs = 0;
    sum.wallNs = 0n;
  }
}

/**
 * Stops writing the sums and forgets them, so the process can time again under another prefix (a
 * test does before it removes the folder the file was written in).
 */
export function stopStatementTimings(): void {
  if (writer) clearInterval(writer);
  writer = undefined;
  process.off("exit", writeStatementTimings);
  filePrefix = undefined;
  sums.clear();
}

/** Writes the sums to `<prefix>.<pid>.tsv` now; returns the file, or undefined when timing is off. */
export function writeStatementTimings(): string | undefined {
  if (filePrefix === undefined) return undefined;
  const file = `${filePrefix}.${process.pid}.tsv`;
  const lines = statementTimings().map(
    (t) =>
      `${t.calls}\t${t.cpuTotalMs.toFixed(1)}\t${t.cpuMeanUs.toFixed(1)}\t${t.wallMeanUs.toFixed(1)}\t${t.sql.replace(/\t/g, " ")}`,
  );
  writeFileSync(file, `${["calls\tcpu_total_ms\tcpu_mean_us\twall_mean_us\tsql", ...lines].join("\n")}\n`);
  return file;
}
