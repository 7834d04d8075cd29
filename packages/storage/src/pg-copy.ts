import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
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

/**
 * Streams `rows` into `table` with `COPY ... FROM STDIN` (text format), `columns` in that order.
 * Returns how many rows were sent.
 */
export async function copyRows<R extends object>(
  client: pg.PoolClient,
  table: string,
  columns: readonly (keyof R & string)[],
  rows: AsyncIterable<readonly R[]>,
): Promise<number> {
  let count = 0;
  async function* lines() {
    for await (const chunk of rows) {
      let text = "";
      for (const row of chunk) {
        const record = row as Record<string, unknown>;
        text += copyField(record[columns[0]!]);
        for (let i = 1; i < columns.length; i++) text += `\t${copyField(record[columns[i]!])}`;
        text += "\n";
      }
      count += chunk.length;
      if (text) yield text;
    }
  }
  const list = columns.map((column) => `"${column}"`).join(", ");
  await pipeline(Readable.from(lines()), client.query(copyFrom(`copy ${table} (${list}) from stdin`)));
  return count;
}
