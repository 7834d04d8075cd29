import { createHash } from "node:crypto";
import type pg from "pg";

/**
 * PostgreSQL: the hot statements (`PreparedStatement`) run as named prepared statements, parsed
 * once per connection and, after their first five runs, planned once too, instead of both on every
 * call (planning the claim-state read took twice as long as running it). Only registered texts are named: every name stays in its
 * connection's memory until the connection closes, so naming dynamic SQL would grow without bound.
 * Plan choice is left to PostgreSQL (`plan_cache_mode = auto`): after five custom plans it keeps a
 * generic one when that is estimated no dearer. The reads and writes by key switch, with the same
 * plans. The claim (partial index `tasks_queue`, `FOR UPDATE SKIP LOCKED`) has a good generic plan
 * too, the custom one with parameters (`status = 'open'` is literal, so the partial index applies;
 * the index order serves the LIMIT; checked on a project of 30,000 tasks beside 30 of 20), but
 * the generic estimate assumes ten languages in `unnest`, so in small projects it mostly stays on
 * custom plans: parsed once, planned per call. Forcing generic plans is a session setting that
 * would reach dynamic SQL too, and a `SET LOCAL` per claim costs a round trip more than it saves.
 * Off with QUORUM_PG_PREPARE=0 (e.g. behind a PgBouncer in transaction mode before 1.21, where a
 * statement prepared on one server connection is missing on the next).
 */
const names = new Map<string, string>();
const texts = new Map<string, string>();

/** Names `text` for execution as a prepared statement (idempotent). */
export function registerHotStatement(text: string): void {
  if (names.has(text)) return;
  // A stable name from the text: a text that changes (a new build) gets a new name, never a
  // name pg already holds for other text, which it would refuse.
  const name = `q_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
  if (texts.has(name)) return; // a collision: better unnamed than refused
  names.set(text, name);
  texts.set(name, text);
}

/** The name `text` runs under, or undefined when it is not a hot statement. */
export function hotStatementName(text: string): string | undefined {
  return names.get(text);
}

/** What Kysely's PostgresDriver uses of a client: `query(text, values)`, `query(cursor)` and `release`. */
type Client = Pick<pg.PoolClient, "query" | "release">;

/**
 * `pool` as Kysely's PostgresDialect uses it (`connect`, `end`), handing out clients that run a
 * registered statement by its name. One wrapper per client, so Kysely keeps its connection per client.
 */
export function preparingPool(pool: pg.Pool): pg.Pool {
  const wrappers = new WeakMap<pg.PoolClient, Client>();
  const wrap = (client: pg.PoolClient): Client => ({
    query: ((text: unknown, ...rest: unknown[]) => {
      const name = typeof text === "string" ? names.get(text) : undefined;
      if (name) return client.query({ name, text: text as string, values: rest[0] as unknown[] });
      return (client.query as (...args: unknown[]) => unknown)(text, ...rest);
    }) as pg.PoolClient["query"],
    release: (error?: Error | boolean) => client.release(error),
  });
  return {
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  } as unknown as pg.Pool;
}
