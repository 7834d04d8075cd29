import { createReadStream } from "node:fs";
import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Bytes read from the file at a time (as `readline` did). */
const READ_BYTES = 1 << 16;

/** How values are written as one line of text (no line breaks) and read back. */
export interface LineCodec<T> {
  encode(value: T): string;
  decode(line: string): T;
}

/**
 * A temporary file of values, one line each, written in order and then read back in chunks,
 * so that a large upload is held on disk rather than in memory. It lives in a directory of its
 * own under the system's temporary folder (`TMPDIR`), readable by this user only; `remove()`
 * deletes it.
 */
export class StagingFile<T> {
  #handle: FileHandle | undefined;
  #count = 0;

  private constructor(
    readonly directory: string,
    readonly path: string,
    handle: FileHandle,
    private readonly codec: LineCodec<T>,
  ) {
    this.#handle = handle;
  }

  static async create<T>(prefix: string, codec: LineCodec<T>): Promise<StagingFile<T>> {
    const directory = await mkdtemp(join(tmpdir(), prefix));
    const path = join(directory, "staged");
    try {
      return new StagingFile<T>(directory, path, await open(path, "wx", 0o600), codec);
    } catch (error) {
      await rm(directory, { recursive: true, force: true });
      throw error;
    }
  }

  /** How many values were written. */
  get count(): number {
    return this.#count;
  }

  async write(values: readonly T[]): Promise<void> {
    if (!this.#handle) throw new Error("the staging file is closed for writing");
    if (values.length === 0) return;
    let text = "";
    for (const value of values) text += `${this.codec.encode(value)}\n`;
    await this.#handle.write(text);
    this.#count += values.length;
  }

  /** The values written, in order, `size` at a time (the last chunk may be shorter). */
  async *read(size: number): AsyncGenerator<T[]> {
    await this.#closeForWriting();
    // Split by hand: readline costs several times more per line, and these lines hold no \r.
    const input = createReadStream(this.path, { encoding: "utf8", highWaterMark: READ_BYTES });
    try {
      let chunk: T[] = [];
      let carry = "";
      for await (const text of input as AsyncIterable<string>) {
        let start = 0;
        let end = text.indexOf("\n");
        while (end !== -1) {
          const line = carry.length > 0 ? carry + text.slice(start, end) : text.slice(start, end);
          carry = "";
          chunk.push(this.codec.decode(line));
          if (chunk.length >= size) {
            yield chunk;
            chunk = [];
          }
          start = end + 1;
          end = text.indexOf("\n", start);
        }
        if (start < text.length) carry += text.slice(start);
      }
      if (carry.length > 0) chunk.push(this.codec.decode(carry));
      if (chunk.length > 0) yield chunk;
    } finally {
      input.destroy();
    }
  }

  async remove(): Promise<void> {
    await this.#closeForWriting().catch(() => {});
    await rm(this.directory, { recursive: true, force: true });
  }

  async #closeForWriting(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }
}
