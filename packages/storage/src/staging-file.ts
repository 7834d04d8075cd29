import { createReadStream } from "node:fs";
import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

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
    const input = createReadStream(this.path);
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    try {
      let chunk: T[] = [];
      for await (const line of lines) {
        chunk.push(this.codec.decode(line));
        if (chunk.length >= size) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length > 0) yield chunk;
    } finally {
      lines.close();
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
