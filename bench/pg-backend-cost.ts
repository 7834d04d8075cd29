import { type Database, pgPoolOf } from "@quorum/storage";
import { processCpuSeconds } from "./cpu.js";

/**
 * What PostgreSQL spends on one database's work, for in-process benches whose database runs on the
 * same machine: the CPU of the pool's own backends (not every `postgres` process, which on a shared
 * machine counts other clients too) and, when `pg_stat_statements` is installed in the database,
 * each statement's calls and time. Statements inside trigger functions are listed too when
 * `pg_stat_statements.track = all`.
 */
export async function pgBackendCost(database: Database, pool = pgPoolOf(database.db)) {
  if (!pool) return undefined;
  // Every connection the pool may open, held at once so that each is a different backend.
  const clients = await Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()));
  let pids: number[];
  // The schema pg_stat_statements lives in, when it is installed and loaded (tests set search_path to their own).
  let statements: string | undefined;
  try {
    pids = await Promise.all(
      clients.map(
        async (client) => (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid,
      ),
    );
    const first = clients[0]!;
    const loaded = (await first.query("show shared_preload_libraries")).rows[0]?.shared_preload_libraries;
    statements = String(loaded).includes("pg_stat_statements")
      ? (
          await first.query<{ schema: string }>(
            "select quote_ident(extnamespace::regnamespace::text) as schema from pg_extension where extname = 'pg_stat_statements'",
          )
        ).rows[0]?.schema
      : undefined;
    if (statements)
      await first.query(
        `select ${statements}.pg_stat_statements_reset(0, (select oid from pg_database where datname = current_database()), 0)`,
      );
  } finally {
    for (const client of clients) client.release();
  }
  // A backend the pool closed (idle timeout) reads as 0: keep its last reading so that the sum
  // never goes back (its successor's CPU is not counted; `closed` says how many went).
  const last = new Map<number, number>();
  const cpuSeconds = () =>
    pids.reduce((sum, pid) => {
      const now = processCpuSeconds(pid);
      if (now > 0) last.set(pid, now);
      return sum + (last.get(pid) ?? 0);
    }, 0);
  const startCpu = cpuSeconds();
  return {
    /** The pool's backends' process ids. */
    pids,
    /** CPU milliseconds the pool's backends used since the start. */
    cpuMs: () => (cpuSeconds() - startCpu) * 1000,
    /** How many of the pool's backends at the start have since closed (their successors are not counted). */
    closed: () => pids.filter((pid) => processCpuSeconds(pid) === 0).length,
    /**
     * The pool's named prepared statements (the hot path's), summed over its connections: how
     * often PostgreSQL ran each on a generic plan (planned once) or a custom one (planned per call).
     */
    async preparedPlans() {
      const held = await Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()));
      const sums = new Map<string, { generic: number; custom: number }>();
      try {
        for (const client of held) {
          const { rows } = await client.query<{ statement: string; generic: number; custom: number }>(
            "select statement, generic_plans::float8 as generic, custom_plans::float8 as custom from pg_prepared_statements",
          );
          for (const row of rows) {
            const text = row.statement.replace(/\s+/g, " ").trim().slice(0, 110);
            const sum = sums.get(text) ?? { generic: 0, custom: 0 };
            sum.generic += row.generic;
            sum.custom += row.custom;
            sums.set(text, sum);
          }
        }
      } finally {
        for (const client of held) client.release();
      }
      return [...sums.entries()]
        .map(([statement, sum]) => ({ ...sum, statement }))
        .sort((a, b) => b.generic + b.custom - (a.generic + a.custom));
    },
    /** The statements by total time (execution and planning) since the start, per `per` (e.g. pairs). */
    async statements(per: number, top = 25) {
      if (!statements) return [];
      const { rows } = await pool.query<{
        query: string;
        toplevel: boolean;
        calls: number;
        ms: number;
        plan_ms: number;
        rows: number;
        hit: number;
        read: number;
        dirtied: number;
      }>(
        `select query, toplevel, calls::float8 as calls, total_exec_time + total_plan_time as ms,
           total_plan_time as plan_ms, rows::float8 as rows, shared_blks_hit::float8 as hit,
           shared_blks_read::float8 as read, shared_blks_dirtied::float8 as dirtied
         from ${statements}.pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
         order by total_exec_time + total_plan_time desc limit $1`,
        [top],
      );
      return rows.map((row) => ({
        msPer: Number((row.ms / per).toFixed(4)),
        callsPer: Number((row.calls / per).toFixed(2)),
        usPerCall: Math.round((row.ms / Math.max(1, row.calls)) * 1000),
        planUsPerCall: Math.round((row.plan_ms / Math.max(1, row.calls)) * 1000),
        blocksPerCall: Number(((row.hit + row.read) / Math.max(1, row.calls)).toFixed(1)),
        dirtiedPerCall: Number((row.dirtied / Math.max(1, row.calls)).toFixed(1)),
        nested: !row.toplevel,
        query: row.query.replace(/\s+/g, " ").slice(0, 160),
      }));
    },
  };
}
