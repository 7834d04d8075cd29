import type { Io } from "./io.js";

/**
 * A progress line on stderr: a bar when the total is known, redrawn in place on a terminal and
 * printed at most every few seconds otherwise (logs stay readable).
 */
export function progressBar(io: Io, label: string, total?: number) {
  const started = Date.now();
  let lastDraw = 0;
  const draw = (done: number, unit: string, final: boolean) => {
    const now = Date.now();
    if (!final && now - lastDraw < (io.interactive ? 100 : 5000)) return;
    lastDraw = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    let text = `${label} ${done.toLocaleString("en-US")} ${unit} (${rate.toLocaleString("en-US")}/s)`;
    if (total && total > 0) {
      const share = Math.min(1, done / total);
      const width = 30;
      const filled = Math.round(share * width);
      text = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${done.toLocaleString("en-US")} ${unit} (${rate.toLocaleString("en-US")}/s)`;
    }
    io.stderr(io.interactive ? `\r${text}${final ? "\n" : ""}` : `${text}\n`);
  };
  return {
    update: (done: number, unit = "") => draw(done, unit, false),
    finish: (done: number, unit = "") => draw(done, unit, true),
  };
}
