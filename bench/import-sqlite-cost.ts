/**
 * `node --import tsx bench/import-sqlite-cost.ts [--tasks N] [--runs N] [--bin A.js,B.js] [--profile DIR]`:
 * what `quorum import` into SQLite costs. Each run imports the bench's generated JSONL file
 * (bench/generate.ts) into a new project of a freshly migrated SQLite database through the CLI,
 * and prints tasks/s, the CLI's CPU seconds per 100k tasks (`time -v`: every thread, SQLite's
 * included), its peak RSS and the load average before and after; then checks the task counters
 * against a recount and that every task arrived. A one-task import by each build first gives the
 * fixed cost (loading the code, migrations, closing), which the net figure per 100k leaves out. With several `--bin` (the `quorum.js` of other
 * builds, e.g. a baseline copy), the builds take turns within each run, so that a shared
 * machine's load falls on both alike. Build first (`npx tsc -b`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseLabelSchema } from "@quorum/core";
import { migrateToLatest, openDatabase, seedProject } from "@quorum/storage";
import { sql } from "kysely";
import { taskCounterMismatches } from "./checks.js";
import { generateTasksFile } from "./generate.js";
import { QUORUM_BIN, ROOT, runQuorumCli } from "./processes.js";

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: "200000" },
    runs: { type: "string", default: "1" },
    bin: { type: "string", default: QUORUM_BIN },
    profile: { type: "string" },
  },
});
const TASKS = Number(flags.tasks);
const BINS = flags.bin.split(",");

const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** A migrated SQLite database in a new data directory, holding one empty rating project. */
async function freshProject(): Promise<{ dataDir: string; projectId: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), "quorum-import-bench-"));
  const database = await openDatabase({ url: join(dataDir, "quorum.db") });
  try {
    await migrateToLatest(database.db);
    const { project } = await seedProject(database, {
      schema: parseLabelSchema({ type: "rating", min: 0, max: 4 }),
      overlap: 3,
      tasks: [],
      now: Date.now(),
    });
    return { dataDir, projectId: project.id };
  } finally {
    await database.close();
  }
}

async function checkImported(dataDir: string, projectId: number, tasks: number): Promise<void> {
  const database = await openDatabase({ url: join(dataDir, "quorum.db") });
  try {
    const { rows } = await sql<{ n: number }>`select count(*) as n from tasks where project_id = ${projectId}`.execute(
      database.db,
    );
    if (Number(rows[0]?.n) !== tasks) throw new Error(`${rows[0]?.n} tasks stored, expected ${tasks}`);
    const mismatches = await taskCounterMismatches(database, projectId);
    if (mismatches > 0) throw new Error(`${mismatches} task counters differ from a recount`);
  } finally {
    await database.close();
  }
}

/** Imports `file` with `bin` into a fresh database; checks it and returns the CLI's measures. */
async function importOnce(bin: string, path: string, tasks: number, profileName?: string) {
  const { dataDir, projectId } = await freshProject();
  try {
    const before = loadavg();
    const cli = await runQuorumCli(
      ["import", "--project", String(projectId), "--file", path],
      { QUORUM_DATA_DIR: dataDir, DATABASE_URL: "" },
      { bin, ...(flags.profile && profileName ? { profileDir: flags.profile, profileName } : {}) },
    );
    if (cli.code !== 0) throw new Error(`quorum import failed (${cli.code}):\n${cli.stderr.slice(-3000)}`);
    const match = /Imported ([\d,]+) tasks .* in ([\d.]+) s \(([\d,]+) tasks\/s\)/.exec(cli.stdout);
    if (!match || Number(match[1]!.replace(/,/g, "")) !== tasks) throw new Error(`unexpected output:\n${cli.stdout}`);
    await checkImported(dataDir, projectId, tasks);
    return { cli, seconds: match[2]!, rate: match[3]!, load: `${before} -> ${loadavg()}` };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
const file = await generateTasksFile(join(ROOT, "bench", "out", `tasks-${TASKS}.jsonl`), TASKS);
const one = await generateTasksFile(join(ROOT, "bench", "out", "tasks-1.jsonl"), 1);
console.log(`${file.tasks.toLocaleString("en-US")} tasks, ${(file.bytes / 2 ** 20).toFixed(0)} MiB`);
const label = (index: number) => (BINS.length > 1 ? ` build ${index}` : "");
const fixed = new Map<number, number>();
for (const [index, bin] of BINS.entries()) {
  const { cli, load } = await importOnce(bin, one.path, 1);
  fixed.set(index, cli.cpuSeconds ?? 0);
  console.log(`fixed cost${label(index)}: ${(cli.cpuSeconds ?? Number.NaN).toFixed(2)} s CPU (one task); load ${load}`);
}
for (let run = 1; run <= Number(flags.runs); run++) {
  for (const [index, bin] of BINS.entries()) {
    const { cli, seconds, rate, load } = await importOnce(bin, file.path, TASKS, `import-sqlite-${run}-${index}`);
    const per100k = (cpu: number) => ((cpu * 100_000) / TASKS).toFixed(2);
    const cpu = cli.cpuSeconds ?? Number.NaN;
    console.log(
      `run ${run}${label(index)}: ${rate} tasks/s (${seconds} s), CLI ${per100k(cpu)} s CPU/100k ` +
        `(${per100k(cpu - fixed.get(index)!)} net of the fixed cost; process ${cli.wallSeconds.toFixed(1)} s), ` +
        `peak ${Math.round(cli.peakRssMiB ?? 0)} MiB; load ${load}; counters match`,
    );
  }
}
