import type { Io } from "./io.js";

/** "1:05:09", "4:07" or "12 s": short enough for a progress line. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

/**
 * A progress line on stderr: a bar with the percentage and the time left when the total is known,
 * redrawn in place on a terminal and printed at most every few seconds otherwise (logs stay readable).
 */
export function progressBar(io: Io, label: string, total?: number, clock: () => number = Date.now) {
  const started = clock();
  let lastDraw = 0;
  const draw = (done: number, unit: string, final: boolean) => {
    const now = clock();
    if (!final && now - lastDraw < (io.interactive ? 100 : 5000)) return;
    lastDraw = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const counted = `${done.toLocaleString("en-US")} ${unit} (${Math.round(rate).toLocaleString("en-US")}/s)`;
    let text = `${label} ${counted}`;
    if (total && total > 0) {
      const share = Math.min(1, done / total);
      const width = 30;
      const filled = Math.round(share * width);
      const left = final
        ? `done in ${formatDuration(seconds)}`
        : rate > 0
          ? `${formatDuration((total - done) / rate)} left`
          : "";
      text =
        `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${counted}  ${left}`.trimEnd();
    }
    io.stderr(io.interactive ? `\r${text}\x1b[K${final ? "\n" : ""}` : `${text}\n`);
  };
  return {
    update: (done: number, unit = "") => draw(done, unit, false),
    finish: (done: number, unit = "") => draw(done, unit, true),
  };
}
