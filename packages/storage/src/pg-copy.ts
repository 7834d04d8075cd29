import { once } from "node:events";
import { finished } from "node:stream/promises";
import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { DB } from "./schema.js";

/**
 * Runs `body` in one transaction on one client of `pool`, giving it a Kysely on that client and
 * the client itself (for COPY, which Kysely cannot send). Commits when `body` resolves.
 */
export async function inClientTransaction<T>(
  pool: pg.Pool,
  body: (trx: Kysely<DB>, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // Kysely releases its client after each query outside a transaction; this one stays ours.
  const kept = new Proxy(client, {
    get(target, property) {
      if (property === "release") return () => {};
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const trx = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: { connect: async () => kept, end: async () => {} } as unknown as pg.Pool }),
  });
  let failed = false;
  try {
    await client.query("begin");
    const result = await body(trx, client);
    await client.query("commit");
    return result;
  } catch (error) {
    failed = true;
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    await trx.destroy();
    // A client left mid-COPY or mid-error is not given back to be reused.
    client.release(failed ? true : undefined);
  }
}

/** One value as a field of COPY's text format: `\N` for null, backslash escapes for the rest. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number") return String(value);
  const text = String(value);
  // Most values need no escape: testing first spares building a copy of each.
  return NEEDS_ESCAPE.test(text) ? text.replace(TO_ESCAPE, (c) => COPY_ESCAPES[c]!) : text;
}

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const TO_ESCAPE = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** Sends rows of one COPY; resolves once the connection can take more. */
export type WriteRows<R> = (rows: readonly R[]) => Promise<void>;

/**
 * Runs `body` with a `COPY table (columns) FROM STDIN` (text format) open on `client`: each call
 * of the function it is given sends rows, `columns` in that order. The COPY ends when `body`
 * resolves, and is abandoned (CopyFail, so nothing of it stays) when `body` throws. No other
 * query may use `client` meanwhile.
 */
export async function copyRows<R extends object, T>(
  client: pg.PoolClient,
  table: string,
  columns: readonly (keyof R & string)[],
  body: (write: WriteRows<R>) => Promise<T>,
): Promise<T> {
  const list = columns.map((column) => `"${column}"`).join(", ");
  const stream = client.query(copyFrom(`copy ${table} (${list}) from stdin`));
  // The server may refuse the COPY at any time; the next write, or the end, reports it.
  let failure: Error | undefined;
  const failed = new Promise<never>((_, reject) =>
    stream.on("error", (error) => {
      failure ??= error;
      reject(error);
    }),
  );
  failed.catch(() => {});
  const write: WriteRows<R> = async (rows) => {
    if (failure) throw failure;
    let text = "";
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      text += copyField(record[columns[0]!]);
      for (let i = 1; i < columns.length; i++) text += `\t${copyField(record[columns[i]!])}`;
      text += "\n";
    }
    if (text && !stream.write(text)) await Promise.race([once(stream, "drain"), failed]);
  };
  let result: T;
  try {
    result = await body(write);
  } catch (error) {
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
    await finished(stream).catch(() => {});
    throw error;
  }
  stream.end();
  await Promise.race([finished(stream), failed]);
  return result;
}
