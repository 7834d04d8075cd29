/**
 * `node --import tsx bench/import-threads.ts [--tasks N] [--rounds N]`: where a SQLite import of a
 * local file spends its CPU, by thread, for the two ways `importTasks` can read it: `records`
 * (parsed and checked in the calling thread, staged, then inserted: the path without a worker)
 * and `localFile` (a worker thread reads and checks while the calling thread inserts). Each round
 * imports the bench's generated JSONL (bench/generate.ts) once each way, alternating, into a new
 * project of a freshly migrated database file, in this process, and prints tasks/s, the calling
 * thread's CPU seconds (read from /proc/self/task/<tid>/stat) and the whole process's, per 100k
 * tasks, with the load average. On a machine with a free core the calling thread's CPU is the
 * import's critical path; on a loaded one the wall time mostly measures the load. Build first
 * (`npx tsc -b`): the worker runs from `packages/storage/dist`.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseLabelSchema } from "@quorum/core";
import { getProject, importTasks, seedProject } from "@quorum/storage";
import { withBenchDatabase } from "./bench-databases.js";
import { loadAverage, threadCpuSeconds } from "./cpu.js";
import { generateTasksFile } from "./generate.js";
import { importBenchFile } from "./local-file-import.js";
import { ROOT } from "./processes.js";

const { values: flags } = parseArgs({
  options: { tasks: { type: "string", default: "300000" }, rounds: { type: "string", default: "3" } },
});
const TASKS = Number(flags.tasks);

function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function importOnce(path: string, mode: "records" | "localFile") {
  await withBenchDatabase("sqlite", {}, async ({ database }) => {
    const { project: seeded } = await seedProject(database, {
      schema: parseLabelSchema({ type: "rating", min: 0, max: 4 }),
      overlap: 3,
      tasks: [],
      now: Date.now(),
    });
    const project = (await getProject(database.db, seeded.id))!;
    const load = loadAverage();
    const mainBefore = threadCpuSeconds(process.pid);
    const processBefore = processCpuSeconds();
    const started = performance.now();
    const result = await importBenchFile(importTasks, database.db, project, path, mode === "localFile");
    const seconds = (performance.now() - started) / 1000;
    const main = threadCpuSeconds(process.pid) - mainBefore;
    const all = processCpuSeconds() - processBefore;
    if (result.imported !== TASKS) throw new Error(`imported ${result.imported} of ${TASKS}`);
    const per = (s: number) => ((s * 100_000) / TASKS).toFixed(2);
    console.log(
      `${mode.padEnd(9)} ${Math.round(TASKS / seconds).toLocaleString("en-US")} tasks/s (${seconds.toFixed(1)} s), ` +
        `calling thread ${per(main)} s CPU/100k, process ${per(all)} s CPU/100k; load ${load} -> ${loadAverage()}`,
    );
  });
}

const file = await generateTasksFile(join(ROOT, "bench", "out", `tasks-${TASKS}.jsonl`), TASKS);
console.log(`sqlite: ${TASKS.toLocaleString("en-US")} tasks, ${Math.round(file.bytes / 2 ** 20)} MiB`);
for (let round = 1; round <= Number(flags.rounds); round++) {
  const order = round % 2 === 1 ? (["records", "localFile"] as const) : (["localFile", "records"] as const);
  for (const mode of order) await importOnce(file.path, mode);
}
