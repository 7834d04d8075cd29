/**
 * `node --import tsx bench/import-pg-cost.ts [--tasks N] [--runs N] [--pg-url URL] [--profile DIR]`:
 * what `quorum import` into PostgreSQL costs, per side. Each run imports the bench's generated
 * JSONL file (bench/generate.ts) into a new project of a freshly migrated test database through
 * the CLI, and reads the CPU of the CLI process (`time -v`) and of the PostgreSQL backends it
 * opened (found in pg_stat_activity by application name, read from /proc/<pid>/stat every 20 ms
 * until they exit). Prints tasks/s, CPU seconds per 100k tasks on each side and the load average
 * beside each run, and checks the task counters against a recount. Build first (`npx tsc -b`).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseLabelSchema } from "@quorum/core";
import { createTestPostgresSchema, openDatabase, seedProject } from "@quorum/storage";
import pg from "pg";
import { taskCounterMismatches } from "./checks.js";
import { processCpuSeconds } from "./cpu.js";
import { generateTasksFile } from "./generate.js";
import { ROOT, runQuorumCli } from "./processes.js";

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: "200000" },
    runs: { type: "string", default: "1" },
    profile: { type: "string" },
    "pg-url": {
      type: "string",
      default: process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    },
  },
});
const TASKS = Number(flags.tasks);

/** Polls the CPU of the backends named `application`, keeping each one's last reading. */
function sampleBackends(url: string, application: string) {
  const client = new pg.Client({ connectionString: url });
  const last = new Map<number, number>();
  let stopped = false;
  const done = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ pid: number }>(
        "select pid from pg_stat_activity where application_name = $1",
        [application],
      );
      for (const { pid } of rows) {
        const cpu = processCpuSeconds(pid);
        if (cpu > 0) last.set(pid, cpu);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.end();
  })();
  return {
    async stop(): Promise<{ cpuSeconds: number; backends: number }> {
      stopped = true;
      await done;
      return { cpuSeconds: [...last.values()].reduce((a, b) => a + b, 0), backends: last.size };
    },
  };
}

const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

mkdirSync(join(ROOT, "bench", "out"), { recursive: true });
const file = await generateTasksFile(join(ROOT, "bench", "out", `tasks-${TASKS}.jsonl`), TASKS);
console.log(
  `${file.tasks.toLocaleString("en-US")} tasks, ${(file.bytes / 2 ** 20).toFixed(0)} MiB; git ${process.env.GIT_REV ?? ""}`,
);
for (let run = 1; run <= Number(flags.runs); run++) {
  const target = await createTestPostgresSchema(flags["pg-url"]);
  try {
    const database = await openDatabase({ url: target.url, schema: target.schema, poolSize: 1 });
    let projectId: number;
    try {
      const { project } = await seedProject(database, {
        schema: parseLabelSchema({ type: "rating", min: 0, max: 4 }),
        overlap: 3,
        tasks: [],
        now: Date.now(),
      });
      projectId = project.id;
    } finally {
      await database.close();
    }
    const application = `quorum-import-bench-${process.pid}-${run}`;
    const before = loadavg();
    const sampler = sampleBackends(target.url, application);
    const cli = await runQuorumCli(
      ["import", "--project", String(projectId), "--file", file.path],
      { DATABASE_URL: target.url, QUORUM_PG_SCHEMA: target.schema, PGAPPNAME: application },
      flags.profile ? { profileDir: flags.profile, profileName: `import-pg-${run}` } : {},
    );
    const backend = await sampler.stop();
    if (cli.code !== 0) throw new Error(`quorum import failed (${cli.code}):\n${cli.stderr.slice(-3000)}`);
    const match = /Imported ([\d,]+) tasks .* in ([\d.]+) s \(([\d,]+) tasks\/s\)/.exec(cli.stdout);
    if (!match || Number(match[1]!.replace(/,/g, "")) !== TASKS) throw new Error(`unexpected output:\n${cli.stdout}`);
    const check = await openDatabase({ url: target.url, schema: target.schema, poolSize: 1 });
    const mismatches = await taskCounterMismatches(check, projectId).finally(() => check.close());
    if (mismatches > 0) throw new Error(`${mismatches} task counters differ from a recount`);
    const per100k = (seconds: number | undefined) => ((seconds ?? Number.NaN) * 100_000) / TASKS;
    console.log(
      `run ${run}: ${match[3]} tasks/s (${match[2]} s), CLI ${per100k(cli.cpuSeconds).toFixed(2)} s CPU/100k, ` +
        `PostgreSQL ${per100k(backend.cpuSeconds).toFixed(2)} s CPU/100k (${backend.backends} backends), ` +
        `peak ${Math.round(cli.peakRssMiB ?? 0)} MiB; load ${before} -> ${loadavg()}; counters match`,
    );
  } finally {
    await target.drop();
  }
}
