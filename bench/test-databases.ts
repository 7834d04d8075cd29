/**
 * What a test database costs to open and close, per dialect: migrated per test (as before the
 * templates: SQLite in memory, PostgreSQL a schema, without a test run id) against copied from
 * the run's migrated template, alternating A B A B in one process. Prints wall-time medians and this process's CPU per database (PostgreSQL's own
 * CPU is not in it).
 *
 *   node --import tsx bench/test-databases.ts [--rounds 5] [--per-round 4]
 */
import { parseArgs } from "node:util";
import { type Database, migrateToLatest, openDatabase, removeTestTemplates, testTargets } from "@quorum/storage";

const { values: flags } = parseArgs({
  options: { rounds: { type: "string", default: "5" }, "per-round": { type: "string", default: "4" } },
});
const run = `bench_${process.pid}`;
const url = process.env.QUORUM_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const modes = { migrated: "", copied: run } as const;

/** The test database as `testTargets` opened it before the templates. */
async function openMigratedSqlite(): Promise<Database> {
  const database = await openDatabase({ url: ":memory:" });
  await migrateToLatest(database.db);
  return database;
}
const figures = new Map<string, { wall: number[]; cpu: number[] }>();

try {
  for (const target of await testTargets()) {
    const open = (mode: string) =>
      target.dialect === "sqlite" && mode === "migrated" ? openMigratedSqlite() : target.open();
    for (const [mode, run] of Object.entries(modes)) {
      process.env.QUORUM_TEST_RUN = run;
      await (await open(mode)).close(); // builds the template; warms up
    }
    for (let round = 0; round < Number(flags.rounds); round++)
      for (const [mode, run] of Object.entries(modes)) {
        process.env.QUORUM_TEST_RUN = run;
        const figure = figures.get(`${target.dialect} ${mode}`) ?? { wall: [], cpu: [] };
        figures.set(`${target.dialect} ${mode}`, figure);
        for (let i = 0; i < Number(flags["per-round"]); i++) {
          const cpu = process.cpuUsage();
          const start = performance.now();
          await (await open(mode)).close();
          figure.wall.push(performance.now() - start);
          const used = process.cpuUsage(cpu);
          figure.cpu.push((used.user + used.system) / 1000);
        }
      }
  }
} finally {
  await removeTestTemplates(run, url);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
for (const [label, { wall, cpu }] of figures)
  console.log(
    `${label.padEnd(18)} wall median ${median(wall).toFixed(0).padStart(5)} ms (min ${Math.min(...wall).toFixed(0)}), CPU median ${median(cpu).toFixed(1)} ms, n=${wall.length}`,
  );
