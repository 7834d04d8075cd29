import { once } from "node:events";
import { finished } from "node:stream/promises";
import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { copyLines } from "./pg-copy-text.js";
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

/** Sends rows of one COPY; resolves once the connection can take more. */
export type WriteRows<R> = (rows: readonly R[]) => Promise<void>;

/**
 * Runs `body` with a `COPY table (columns) FROM STDIN` (text format) open on `client`: each call
 * of the function it is given sends rows, `columns` in that order. The COPY ends when `body`
 * resolves, and is abandoned (CopyFail, so nothing of it stays) when `body` throws. No other
 * query may use `client` meanwhile.
 */
export function copyRows<R extends object, T>(
  client: pg.PoolClient,
  table: string,
  columns: readonly (keyof R & string)[],
  body: (write: WriteRows<R>) => Promise<T>,
): Promise<T> {
  return copyText(client, table, columns, (write) => body((rows) => write(copyLines(rows, columns))));
}

/**
 * As `copyRows`, given lines of COPY text already rendered (`copyLines`; as a string or in
 * UTF-8), whole lines in each call, `columns` in that order.
 */
export async function copyText<T>(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  body: (write: (text: string | Uint8Array) => Promise<void>) => Promise<T>,
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
  const write = async (text: string | Uint8Array) => {
    if (failure) throw failure;
    if (text.length > 0 && !stream.write(text)) await Promise.race([once(stream, "drain"), failed]);
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
