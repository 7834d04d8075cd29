import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";

/** The column types a binary COPY is decoded as; the select must return exactly these (cast it). */
export type BinaryCopyType = "int8" | "int4" | "float8" | "bool" | "text" | "jsonb";
export type BinaryCopyValue = number | string | boolean | null;

/**
 * The rows of `select` as arrays of values, read through `COPY (select) TO STDOUT (format binary)`
 * on `client`: the pg driver's rows (a protocol message parsed into an array per row, each value
 * parsed from text) cost an export more CPU than rendering them. Each column is decoded as its
 * entry in `types` says; int8 values beyond JavaScript's safe integers are an error, not rounded.
 * COPY takes no parameters: numbers in `select` go through `sqlInteger`. The stream is decoded a
 * chunk at a time as it arrives (rows may span chunks), and read with backpressure.
 */
export async function binaryCopyRows<Row extends BinaryCopyValue[]>(
  client: pg.ClientBase,
  select: string,
  types: readonly BinaryCopyType[],
): Promise<Row[]> {
  const rows: BinaryCopyValue[][] = [];
  const decoder = new BinaryCopyDecoder(types, (row) => rows.push(row));
  let failure: unknown;
  for await (const chunk of client.query(copyTo(`copy (${select}) to stdout (format binary)`))) {
    // After a decoding error the COPY is still read to its end, so the connection is left ready.
    if (failure !== undefined) continue;
    try {
      decoder.push(chunk as Buffer);
    } catch (error) {
      failure = error;
    }
  }
  if (failure !== undefined) throw failure;
  decoder.end();
  return rows as Row[];
}

/**
 * A select list of `columns`, each cast to its type, and the types in that order for
 * `binaryCopyRows`: one list, so the two cannot drift apart.
 */
export function binaryCopyColumns(columns: Record<string, BinaryCopyType>): {
  select: string;
  types: BinaryCopyType[];
} {
  const entries = Object.entries(columns);
  return {
    select: entries.map(([column, type]) => `${column}::${type}`).join(", "),
    types: entries.map(([, type]) => type),
  };
}

/** An integer written into SQL text (COPY takes no parameters), checked to be one first. */
export function sqlInteger(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

/** COPY's binary signature: "PGCOPY\n\377\r\n\0". */
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const FIXED_SIZES: Partial<Record<BinaryCopyType, number>> = { int8: 8, int4: 4, float8: 8, bool: 1 };
const TWO_TO_32 = 4_294_967_296;
// Each column's type as a small integer: a switch over them per value costs less than over strings.
const CODES: Record<BinaryCopyType, number> = { text: 0, int4: 1, int8: 2, float8: 3, bool: 4, jsonb: 5 };

/** Buffer's own UTF-8 decoding, without `toString`'s checks of its arguments (once per text value). */
type Utf8Sliced = Buffer & { utf8Slice(start: number, end: number): string };

/**
 * Decodes PostgreSQL's binary COPY format (header, tuples of length-prefixed fields, trailer)
 * from chunks cut anywhere, calling `onRow` with each complete row.
 */
export class BinaryCopyDecoder {
  readonly #types: readonly BinaryCopyType[];
  readonly #codes: number[];
  readonly #sizes: number[];
  readonly #onRow: (row: BinaryCopyValue[]) => void;
  /** Bytes of an incomplete header or row, kept until `#need` bytes have come. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #need = 0;
  #headerRead = false;
  #ended = false;

  constructor(types: readonly BinaryCopyType[], onRow: (row: BinaryCopyValue[]) => void) {
    this.#types = types;
    this.#codes = types.map((type) => CODES[type]);
    this.#sizes = types.map((type) => FIXED_SIZES[type] ?? -1);
    this.#onRow = onRow;
  }

  push(chunk: Buffer): void {
    if (this.#pendingBytes > 0) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
      // A large field arriving over many chunks is joined once, when all of it is here.
      if (this.#pendingBytes < this.#need) return;
      chunk = Buffer.concat(this.#pending, this.#pendingBytes);
      this.#pending = [];
      this.#pendingBytes = 0;
    }
    let at = 0;
    if (!this.#headerRead) {
      const after = this.#header(chunk);
      if (after < 0) {
        this.#keep(chunk, 0, -after);
        return;
      }
      at = after;
      this.#headerRead = true;
    }
    while (at < chunk.length) {
      if (this.#ended) throw new Error("binary COPY: data after the trailer");
      const after = this.#row(chunk, at);
      if (after < 0) {
        this.#keep(chunk, at, -after);
        return;
      }
      at = after;
    }
  }

  /** Checks that the stream ended after its trailer. */
  end(): void {
    if (!this.#ended || this.#pendingBytes > 0) throw new Error("binary COPY: the data ended before its trailer");
  }

  #keep(chunk: Buffer, from: number, need: number): void {
    this.#pending = [chunk.subarray(from)];
    this.#pendingBytes = chunk.length - from;
    this.#need = need;
  }

  /** The offset after the header, or minus the bytes needed for it. */
  #header(chunk: Buffer): number {
    if (chunk.length < 19) return -19;
    if (!chunk.subarray(0, 11).equals(SIGNATURE)) throw new Error("binary COPY: not a binary COPY signature");
    if ((chunk.readUInt32BE(11) & 0x10000) !== 0) throw new Error("binary COPY: rows with OIDs are not read");
    const end = 19 + chunk.readUInt32BE(15);
    return chunk.length < end ? -end : end;
  }

  /**
   * Decodes the row (or trailer) at `start`: the offset after it, or, when the chunk ends inside
   * it, minus the bytes from `start` known to be needed so far.
   */
  #row(chunk: Buffer, start: number): number {
    const length = chunk.length;
    if (length - start < 2) return -2;
    const count = chunk.readInt16BE(start);
    if (count === -1) {
      this.#ended = true;
      return start + 2;
    }
    const codes = this.#codes;
    if (count !== codes.length)
      throw new Error(`binary COPY: a row of ${count} fields where ${codes.length} were expected`);
    const sizes = this.#sizes;
    const row: BinaryCopyValue[] = [];
    let at = start + 2;
    for (let i = 0; i < count; i++) {
      if (length - at < 4) return -(at + 4 - start);
      const size = int32(chunk, at);
      at += 4;
      if (size < 0) {
        if (size !== -1) throw new Error(`binary COPY: column ${i + 1} has a length of ${size}`);
        row.push(null);
        continue;
      }
      if (length - at < size) return -(at + size - start);
      const fixed = sizes[i]!;
      if (fixed !== -1 && size !== fixed)
        throw new Error(`binary COPY: column ${i + 1} has ${size} bytes, not a ${this.#types[i]}`);
      row.push(decodeField(chunk, at, size, codes[i]!, i));
      at += size;
    }
    this.#onRow(row);
    return at;
  }
}

/** The big-endian signed 32-bit integer at `at`. */
function int32(chunk: Buffer, at: number): number {
  return (chunk[at]! << 24) | (chunk[at + 1]! << 16) | (chunk[at + 2]! << 8) | chunk[at + 3]!;
}

function decodeField(chunk: Buffer, at: number, size: number, code: number, index: number): BinaryCopyValue {
  switch (code) {
    case 0: // text
      return (chunk as Utf8Sliced).utf8Slice(at, at + size);
    case 1: // int4
      return int32(chunk, at);
    case 2: {
      // int8
      const value = int32(chunk, at) * TWO_TO_32 + (int32(chunk, at + 4) >>> 0);
      if (!Number.isSafeInteger(value))
        throw new Error(
          `binary COPY: column ${index + 1} holds ${chunk.readBigInt64BE(at)}, beyond JavaScript's safe integers`,
        );
      return value;
    }
    case 3: // float8
      return chunk.readDoubleBE(at);
    case 4: // bool
      return chunk[at] !== 0;
    default:
      // jsonb: a version byte (1), then the JSON as text.
      if (chunk[at] !== 1) throw new Error(`binary COPY: column ${index + 1} is jsonb of unknown version ${chunk[at]}`);
      return (chunk as Utf8Sliced).utf8Slice(at + 1, at + size);
  }
}
