import { createHash } from "node:crypto";
import type pg from "pg";
import { executeText } from "./execute-literal.js";

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
 * Off, with the merged `begin` of `preparingPool`, with QUORUM_PG_PREPARE=0 (e.g. behind a
 * PgBouncer in transaction mode before 1.21, where a statement prepared on one server connection
 * is missing on the next).
 */
const names = new Map<string, string>();
const texts = new Map<string, string>();
/** Statements whose result nobody reads, which may wait to go with the next one (`preparingPool`). */
const sentWithNext = new Set<string>();
/** Statements their transaction's `commit` goes with (`preparingPool`). */
const endingTransaction = new Set<string>();

/**
 * Names `text` for execution as a prepared statement (idempotent). `sendWithNext`: the caller
 * never reads the result (it gets no rows), so the statement may be sent with the next one.
 * `endsTransaction`: the commit is sent with it (`PreparedStatementOptions`).
 */
export function registerHotStatement(
  text: string,
  options: { sendWithNext?: boolean; endsTransaction?: boolean } = {},
): void {
  if (options.sendWithNext) sentWithNext.add(text);
  if (options.endsTransaction) endingTransaction.add(text);
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

/** The text registered under `name` (tests list a merged round trip's statements with it). */
export function hotStatementText(name: string): string | undefined {
  return texts.get(name);
}

/** What Kysely's PostgresDriver uses of a client: `query(text, values)` and `release` (no cursor: streaming is not set up). */
type Client = Pick<pg.PoolClient, "query" | "release">;

/** A statement held back to go with the next one: its text and values, and as `execute` (or `begin`). */
interface Held {
  text: string;
  values: readonly unknown[];
  sql: string;
}

const HELD_RESULT = { command: "", rowCount: null, rows: [], oid: 0, fields: [] } as unknown as pg.QueryResult;

/** "prepared statement does not exist" (26000): a pooler in transaction mode, or a DEALLOCATE. */
const lost = (error: unknown) => (error as { code?: string }).code === "26000";

/**
 * `pool` as Kysely's PostgresDialect uses it (`connect`, `end`), handing out clients that run a
 * registered statement by its name. One wrapper per client, so Kysely keeps its connection per client.
 *
 * Round trips: a transaction's `begin` is held back, with the statements after it registered
 * `sendWithNext` (the claim's advisory lock), until a hot statement this connection has prepared
 * comes; then all go as one simple query, `begin; execute q_lock(...); execute q_read(...)`, and
 * the last statement's result is the answer (a lease saves two round trips, a judgment one).
 * Inside a transaction a `sendWithNext` statement is held the same way until the next statement,
 * or the `commit`: `execute q_write(...); commit` (the judgment's last write saves one more). An
 * `endsTransaction` statement is sent with the commit at once, `execute q_claim(...); commit`, its
 * own result the answer; the transaction's `commit` or `rollback` that follows is not sent.
 * PostgreSQL runs them one after the other as it would apart: the read's snapshot is taken after
 * the lock is granted (read committed takes one per statement), an error aborts the transaction,
 * which Kysely then rolls back. Any other statement first sends what is held, as before. If the
 * server has lost a prepared statement (26000: PgBouncer in transaction mode, which passes on no
 * SQL-level EXECUTE, or a DEALLOCATE), the merged query is rolled back, the statements are sent the
 * ordinary way (the lost ones prepared again), and this pool merges no more; a query merged in
 * the middle of a transaction cannot be sent again alone, so its transaction is tried again.
 */
export function preparingPool(pool: pg.Pool): pg.Pool {
  const wrappers = new WeakMap<pg.PoolClient, Client>();
  let merging = true;
  const wrap = (client: pg.PoolClient): Client => {
    const prepared = new Set<string>(); // names this connection has parsed
    let held: Held[] = [];
    let inTransaction = false; // between a `begin` and its `commit` or `rollback`
    let committed = false; // the transaction's commit went with its last statement; Kysely's is not sent
    const run = async (text: string, values: readonly unknown[]): Promise<pg.QueryResult> => {
      const name = names.get(text);
      if (!name) return client.query(text, values as unknown[]);
      const result = await client.query({ name, text, values: values as unknown[] });
      prepared.add(name);
      return result;
    };
    /** `text` as `execute` of this connection's prepared statement, when it can be. */
    const asExecute = (text: string, values: readonly unknown[]) => {
      const name = names.get(text);
      return name && prepared.has(name) ? executeText(name, values) : undefined;
    };
    /** Sends what is held, the ordinary way, one statement at a time. */
    const sendHeld = async () => {
      const sending = held;
      held = [];
      for (const h of sending) await run(h.text, h.values);
    };
    /** Runs `batch` apart; the result of its statement `answer` (an index). */
    const runAll = async (batch: Held[], answer: number) => {
      let result = HELD_RESULT;
      for (const [i, h] of batch.entries()) {
        const one = await run(h.text, h.values);
        if (i === answer) result = one;
      }
      return result;
    };
    /** Sends `batch` as one simple query; the result of its statement `answer` (the last by default). */
    const merged = async (batch: Held[], answer = batch.length - 1): Promise<pg.QueryResult> => {
      try {
        // One result per statement.
        const results = (await client.query(batch.map((h) => h.sql).join("; "))) as unknown as pg.QueryResult[];
        return results[answer] as pg.QueryResult;
      } catch (error) {
        if (!lost(error)) throw error;
        merging = false;
        await client.query("rollback");
        // Held in the middle of a transaction: what ran before it is lost with the transaction,
        // which the caller tries again (`isRetryable`), now the ordinary way.
        if (batch[0]?.text !== "begin") {
          await forgetLostStatements();
          throw Object.assign(error as object, { retryTransaction: true });
        }
      }
      // PgBouncer 1.21+ keeps protocol-level statements (under names of its own), so the ordinary
      // way works there as it is; after a DEALLOCATE it fails too, and the lost names are parsed anew.
      try {
        return await runAll(batch, answer);
      } catch (error) {
        if (!lost(error)) throw error;
        await client.query("rollback");
        await forgetLostStatements();
        return runAll(batch, answer);
      }
    };
    /** Drops the names the server no longer holds, here and in node-pg, which then parses them anew. */
    const forgetLostStatements = async () => {
      const { rows } = await client.query<{ name: string }>("select name from pg_prepared_statements");
      const onServer = new Set(rows.map((row) => row.name));
      const parsed = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection
        ?.parsedStatements;
      for (const name of prepared)
        if (!onServer.has(name)) {
          prepared.delete(name);
          if (parsed) delete parsed[name];
        }
    };
    const query = async (text: unknown, ...rest: unknown[]) => {
      if (typeof text !== "string" || rest.length > 1) {
        await sendHeld();
        return (client.query as (...args: unknown[]) => unknown)(text, ...rest);
      }
      const values = (rest[0] ?? []) as readonly unknown[];
      const ends = text === "commit" || text === "rollback";
      if (ends && committed) {
        committed = false;
        return HELD_RESULT;
      }
      if (ends || text === "begin") inTransaction = text === "begin";
      if (merging && text === "begin" && held.length === 0 && values.length === 0) {
        held.push({ text, values, sql: text });
        return HELD_RESULT;
      }
      // A transaction's last write goes with its `commit` (the judgment's: its task's row lock is
      // released a round trip sooner).
      if (merging && text === "commit" && held.length > 0 && values.length === 0) {
        held.push({ text, values, sql: text });
        const batch = held;
        held = [];
        return merged(batch);
      }
      if (merging && inTransaction && endingTransaction.has(text)) {
        const sql = asExecute(text, values);
        if (sql !== undefined) {
          const batch = [...held, { text, values, sql }, { text: "commit", values: [], sql: "commit" }];
          held = [];
          const result = await merged(batch, batch.length - 2);
          inTransaction = false;
          committed = true;
          return result;
        }
      }
      const sendable = merging && (held.length > 0 || (inTransaction && sentWithNext.has(text)));
      const sql = sendable ? asExecute(text, values) : undefined;
      if (sql === undefined) {
        await sendHeld();
        return run(text, values);
      }
      held.push({ text, values, sql });
      if (sentWithNext.has(text)) return HELD_RESULT;
      const batch = held;
      held = [];
      return merged(batch);
    };
    return {
      query: query as pg.PoolClient["query"],
      release: (error?: Error | boolean) => {
        held = [];
        inTransaction = false;
        committed = false;
        client.release(error);
      },
    };
  };
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
