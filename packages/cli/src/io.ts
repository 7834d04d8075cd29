import { createReadStream, createWriteStream } from "node:fs";

/** Where a command writes. Tests pass a recording `Io`; `main.ts` passes the process's streams. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal, so progress bars may redraw in place. */
  interactive: boolean;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

/** A file's text in chunks, for the streaming parsers of `@quorum/core`. */
export function readTextChunks(path: string): AsyncIterable<string> {
  return createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 16 });
}

export { createWriteStream };
