import { sql } from "kysely";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, pgPoolOf } from "./database.js";
import {
  BinaryCopyDecoder,
  type BinaryCopyType,
  type BinaryCopyValue,
  binaryCopyRows,
} from "./repositories/pg-binary-copy.js";
import { testTargets } from "./testing.js";

const postgres = (await testTargets()).find((target) => target.dialect === "postgres");

const texts = [
  "plain",
  "",
  "é🙂\u2028 中文",
  "quote \" and '",
  "new\nline\r\n",
  "tab\there",
  "back\\slash \\N",
  "\u0001\u007f",
  "x".repeat(200_000),
];
const ints = [0, 1, -1, 2_147_483_647, -2_147_483_648, 9_007_199_254_740_991, -9_007_199_254_740_991];
const floats = [0, -0, 0.1, -2.5, 1e300, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const jsons = ['{"a": [1, "x\\ny"], "é": null}', '"s"', "[]", "1.50", "null"];

/** Every combination's row: a null in every column every fifth row. */
function probeRows(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const none = i % 5 === 4;
    return {
      n: i,
      i8: none ? null : ints[i % ints.length]!,
      i4: none ? null : (ints[i % 5]! % 2_147_483_647) | 0,
      f: none ? null : floats[i % floats.length]!,
      b: none ? null : i % 2 === 0,
      t: none ? null : texts[i % texts.length]!,
      v: none ? null : `${texts[(i + 1) % texts.length]!.slice(0, 100)}${i}`,
      j: none ? null : jsons[i % jsons.length]!,
    };
  });
}

const TYPES: BinaryCopyType[] = ["int4", "int8", "int4", "float8", "bool", "text", "text", "jsonb"];
const COPY_SELECT = "select n, i8, i4, f, b, t, v, j from binary_probe order by n";
// The driver parses jsonb into objects: it reads jsonb's text, which the COPY decodes to.
const DRIVER_SELECT = "select n, i8, i4, f, b, t, v, j::text from binary_probe order by n";

describe.runIf(postgres)("binary COPY rows on PostgreSQL (SQLite has no COPY: PostgreSQL only)", () => {
  let database: Database;
  let pool: pg.Pool;
  const count = 2000;

  beforeAll(async () => {
    database = await postgres!.open();
    pool = pgPoolOf(database.db)!;
    await sql`create table binary_probe (n integer not null, i8 bigint, i4 integer, f float8, b boolean,
      t text, v varchar(300), j jsonb)`.execute(database.db);
    const rows = probeRows(count);
    for (let at = 0; at < rows.length; at += 200)
      await database.db
        .insertInto("binary_probe" as never)
        .values(rows.slice(at, at + 200) as never)
        .execute();
  });
  afterAll(() => database.close());

  async function driverRows(text: string): Promise<unknown[][]> {
    return (await pool.query({ text, rowMode: "array" })).rows;
  }

  it("decodes every column as the driver reads it, odd values included", async () => {
    const client = await pool.connect();
    try {
      const copied = await binaryCopyRows(client, COPY_SELECT, TYPES);
      expect(copied).toHaveLength(count);
      expect(copied).toEqual(await driverRows(DRIVER_SELECT));
      // Spot checks that the comparison saw the odd values.
      expect(copied.map((row) => row[1])).toContain(-9_007_199_254_740_991);
      expect(copied.map((row) => row[5])).toContain("back\\slash \\N");
      expect(copied.map((row) => row[7])).toContain('{"a": [1, "x\\ny"], "é": null}');
      expect(copied.some((row) => row.every((value, i) => i === 0 || value === null))).toBe(true);
      expect(await binaryCopyRows(client, `${COPY_SELECT} limit 0`, TYPES)).toEqual([]);
    } finally {
      client.release();
    }
  });

  it("decodes the same rows however the stream is cut into chunks", async () => {
    const client = await pool.connect();
    let bytes: Buffer;
    try {
      const chunks: Buffer[] = [];
      const select = `${COPY_SELECT} limit 60`;
      for await (const chunk of client.query(copyTo(`copy (${select}) to stdout (format binary)`)))
        chunks.push(chunk as Buffer);
      bytes = Buffer.concat(chunks);
    } finally {
      client.release();
    }
    const expected = (await driverRows(DRIVER_SELECT)).slice(0, 60);
    const decode = (sizes: (i: number) => number) => {
      const rows: BinaryCopyValue[][] = [];
      const decoder = new BinaryCopyDecoder(TYPES, (row) => rows.push(row));
      for (let at = 0, i = 0; at < bytes.length; i++) {
        const size = sizes(i);
        decoder.push(bytes.subarray(at, at + size));
        at += size;
      }
      decoder.end();
      return rows;
    };
    expect(decode(() => 1)).toEqual(expected);
    expect(decode((i) => [3, 7, 19, 1, 4096, 2][i % 6]!)).toEqual(expected);
    expect(decode(() => 65_536)).toEqual(expected);
    // Cut before the trailer: the end is missing.
    const decoder = new BinaryCopyDecoder(TYPES, () => {});
    decoder.push(bytes.subarray(0, bytes.length - 2));
    expect(() => decoder.end()).toThrow(/ended before its trailer/);
  });

  it("refuses an integer beyond JavaScript's, and the connection goes on", async () => {
    const client = await pool.connect();
    try {
      const select = "select x from (values (1::int8), (9007199254740992::int8), (3::int8)) v (x)";
      await expect(binaryCopyRows(client, select, ["int8"])).rejects.toThrow(
        /9007199254740992, beyond JavaScript's safe integers/,
      );
      expect((await client.query("select 2 as two")).rows).toEqual([{ two: 2 }]);
      await expect(binaryCopyRows(client, "select 7::int8", ["int8"])).resolves.toEqual([[7]]);
    } finally {
      client.release();
    }
  });

  it("refuses a select of other types than expected", async () => {
    const client = await pool.connect();
    try {
      await expect(binaryCopyRows(client, "select 1::int4", ["int8"])).rejects.toThrow(/4 bytes, not a int8/);
      await expect(binaryCopyRows(client, "select 1::int8, 2::int8", ["int8"])).rejects.toThrow(/2 fields/);
      expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
  });

  it("rejects with the server's error when a row fails mid-COPY, and the pool goes on working", async () => {
    const client = await pool.connect();
    try {
      // Thousands of rows have been sent when row 30,000 divides by zero.
      const failing = "select i, repeat('x', 50) from generate_series(1, 40000) i where 1 / (i - 30000) is not null";
      await expect(binaryCopyRows(client, failing, ["int4", "text"])).rejects.toThrow(/division by zero/);
      expect((await client.query("select 3 as three")).rows).toEqual([{ three: 3 }]);
      expect(await binaryCopyRows(client, "select 'after'::text", ["text"])).toEqual([["after"]]);
    } finally {
      client.release();
    }
    const all = await Promise.all(Array.from({ length: 12 }, () => driverRows("select 1")));
    expect(all.flat(2)).toEqual(Array(12).fill(1));
  });
});
