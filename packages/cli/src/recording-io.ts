import type { Io } from "./io.js";

/** An `Io` for tests: keeps what a command writes to stdout in `out` and drops stderr. */
export function recordingIo(): Io & { out: string } {
  const io = {
    out: "",
    interactive: false,
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: () => {},
  };
  return io;
}
