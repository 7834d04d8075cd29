/**
 * `node --import tsx bench/import-thread-ab.ts [--tasks N] [--rounds N] [--baseline DIR] [--refused]`:
 * the CPU of the inserting thread of a SQLite import of a local file (the calling thread, while a
 * worker reads and checks), old build against this one. `--baseline` is the root of another
 * build of the repository (default bench/out/baseline: e.g. `git archive <commit>` of the
 * packages there, built with `npx tsc -b`, with node_modules/@quorum/* linked to its own
 * packages). Each round imports the bench's generated JSONL (bench/generate.ts) once with each
 * build, in turns (the order alternating), each in a child process of its own into a new
 * project of a freshly migrated database file, and prints tasks/s, the calling thread's CPU
 * seconds and the process's per 100k tasks, with the load average before and after. With
 * `--refused` the file ends with a line repeating the first line's id, and each import must be
 * refused with that one problem: the time and CPU it takes to say so. Build both first.
 */

import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parseLabelSchema } from "@quorum/core";
import { loadAverage, threadCpuSeconds } from "./cpu.js";
import { generateTasksFile } from "./generate.js";
import { importBenchFile } from "./local-file-import.js";
import { ROOT } from "./processes.js";

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: "300000" },
    rounds: { type: "string", default: "3" },
    baseline: { type: "string", default: join(ROOT, "bench", "out", "baseline") },
    refused: { type: "boolean", default: false },
    child: { type: "string" },
    file: { type: "string" },
  },
});
const TASKS = Number(flags.tasks);

interface Measured {
  seconds: number;
  thread: number;
  process: number;
  outcome: string;
}

/** In a child: one import of `file` with the storage package of the build at `root`. */
async function importOnce(root: string, file: string): Promise<Measured> {
  const storage = (await import(
    pathToFileURL(join(root, "packages", "storage", "dist", "index.js")).href
  )) as typeof import("@quorum/storage");
  const dataDir = mkdtempSync(join(tmpdir(), "quorum-import-ab-"));
  const database = await storage.openDatabase({ url: join(dataDir, "quorum.db") });
  try {
    await storage.migrateToLatest(database.db);
    const { project: seeded } = await storage.seedProject(database, {
      schema: parseLabelSchema({ type: "rating", min: 0, max: 4 }),
      overlap: 3,
      tasks: [],
      now: Date.now(),
    });
    const project = (await storage.getProject(database.db, seeded.id))!;
    const threadBefore = threadCpuSeconds(process.pid);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const outcome = await importBenchFile(storage.importTasks, database.db, project, file, true).then(
      (result) => `imported ${result.imported}`,
      (error: { problems?: unknown[]; message: string }) =>
        error.problems ? `refused ${JSON.stringify(error.problems)}` : `failed ${error.message}`,
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      seconds,
      thread: threadCpuSeconds(process.pid) - threadBefore,
      process: (cpu.user + cpu.system) / 1e6,
      outcome,
    };
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (flags.child) {
  console.log(JSON.stringify(await importOnce(flags.child, flags.file!)));
  process.exit(0);
}

const generated = await generateTasksFile(join(ROOT, "bench", "out", `tasks-${TASKS}.jsonl`), TASKS);
let file = generated.path;
let expected = `imported ${TASKS}`;
if (flags.refused) {
  file = join(ROOT, "bench", "out", `tasks-${TASKS}-refused.jsonl`);
  copyFileSync(generated.path, file);
  // The generated file ends with a line break.
  writeFileSync(file, `${JSON.stringify({ id: "doc-0000001", data: { query: "again" } })}\n`, { flag: "a" });
  expected = `refused ${JSON.stringify([{ line: TASKS + 1, path: "id", message: 'id "doc-0000001" repeats line 1' }])}`;
}
const builds = { old: resolve(flags.baseline), new: ROOT };
console.log(
  `sqlite import-thread A/B${flags.refused ? " (refused file)" : ""}: ${TASKS.toLocaleString("en-US")} tasks, ` +
    `${Math.round(statSync(file).size / 2 ** 20)} MiB; old = ${builds.old}`,
);
const per = (s: number) => ((s * 100_000) / TASKS).toFixed(2);
const totals = { old: [] as Measured[], new: [] as Measured[] };
for (let round = 1; round <= Number(flags.rounds); round++) {
  const order = round % 2 === 1 ? (["old", "new"] as const) : (["new", "old"] as const);
  for (const build of order) {
    const load = loadAverage();
    const output = execFileSync(
      process.execPath,
      ["--import", "tsx", new URL(import.meta.url).pathname, "--child", builds[build], "--file", file],
      { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 24 },
    );
    const measured = JSON.parse(output.trim().split("\n").at(-1)!) as Measured;
    if (measured.outcome !== expected) throw new Error(`${build}: ${measured.outcome.slice(0, 500)}`);
    totals[build].push(measured);
    console.log(
      `${build} ${Math.round(TASKS / measured.seconds).toLocaleString("en-US")} tasks/s (${measured.seconds.toFixed(1)} s), ` +
        `inserting thread ${per(measured.thread)} s CPU/100k, process ${per(measured.process)} s CPU/100k; ` +
        `load ${load} -> ${loadAverage()}`,
    );
  }
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const build of ["old", "new"] as const) {
  const runs = totals[build];
  console.log(
    `${build} median: ${median(runs.map((m) => m.seconds)).toFixed(1)} s, inserting thread ` +
      `${per(median(runs.map((m) => m.thread)))} s CPU/100k, process ${per(median(runs.map((m) => m.process)))} s CPU/100k`,
  );
}
