import { readdirSync, readFileSync } from "node:fs";
import { processCpuSeconds } from "./cpu.js";

/**
 * CPU seconds of the PostgreSQL backends connected to one database (on this machine), summed over
 * every backend seen while watching, the ones that ended too: their /proc entries are read every
 * `everyMs` and each keeps the last figure seen (up to `everyMs` of a backend's last CPU is lost).
 * Give the bench a database of its own, so no one else's backends are counted.
 */
export function watchDatabaseBackends(database: string, everyMs = 20): { stop(): number } {
  const seen = new Map<number, number>();
  const title = ` ${database} `;
  const sample = () => {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      if (!seen.has(pid)) {
        let command = "";
        try {
          command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
        } catch {
          continue; // the process ended while we looked
        }
        if (!command.startsWith("postgres: ") || !command.includes(title)) continue;
      }
      const used = processCpuSeconds(pid);
      if (used > 0) seen.set(pid, used);
    }
  };
  sample();
  const start = new Map(seen);
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      let total = 0;
      for (const [pid, used] of seen) total += used - (start.get(pid) ?? 0);
      return total;
    },
  };
}
