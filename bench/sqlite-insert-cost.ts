/**
 * `node --import tsx bench/sqlite-insert-cost.ts [--tasks N] [--rounds N] [--only REGEX]`: what
 * SQLite itself spends inserting an import's tasks, by part, with no reading or checking. Each
 * variant inserts the first N tasks of the bench's generated file (bench/generate.ts), their own
 * values bound as the reader worker posts them (a flat array per chunk of 400, passed through a
 * structured clone as a message is) and the shared ones written into the statement, into a freshly
 * migrated database file, in one transaction with the counter trigger dropped, as `quorum import`
 * does (`imported-task-insert.ts`). It prints this thread's CPU seconds per 100k tasks for the
 * inserts and for the commit (the checkpoint runs in another thread and is left out). Variants
 * take indexes away one at a time, so the differences say what each costs; rounds alternate them.
 * Figures (2026-12-04, 300k tasks, load 7–9): README, "Import and export".
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseLabelSchema } from "@quorum/core";
import { seedProject, sqliteHandleOf } from "@quorum/storage";
import { withBenchDatabase } from "./bench-databases.js";
import { loadAverage } from "./cpu.js";
import { generateTasksFile } from "./generate.js";
import { ROOT } from "./processes.js";

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: "200000" },
    rounds: { type: "string", default: "2" },
    /** Variants whose name matches this regular expression (all when not given). */
    only: { type: "string" },
  },
});
const TASKS = Number(flags.tasks);
const CHUNK = 400;
/** `NEW_TASK_SHARED_COLUMNS` then `NEW_TASK_OWN_COLUMNS` (repositories/task-rows.ts). */
const SHARED = "project_id, batch_id, slots_taken, judgment_count, created_at, updated_at";
const OWN = [
  "external_id",
  "language",
  "data",
  "gold",
  "gold_explanation",
  "priority",
  "deadline_key",
  "required",
  "status",
  "harm",
];
const SECONDARY = [
  "tasks_batch",
  "tasks_external_id",
  "tasks_gold",
  "tasks_project",
  "tasks_queue",
  "tasks_status",
  "tasks_unfinished",
  "tasks_with_gold",
];
/** The statement's verb and the indexes dropped first. */
const VARIANTS: Record<string, { verb: string; drop: string[] }> = {
  "as an import (insert or fail)": { verb: "insert or fail", drop: [] },
  // Before 2026-12-04: a multi-row insert that may abort keeps a statement journal.
  "plain insert (statement journal)": { verb: "insert", drop: [] },
  ...Object.fromEntries(SECONDARY.map((index) => [`without ${index}`, { verb: "insert or fail", drop: [index] }])),
  "no secondary index": { verb: "insert or fail", drop: SECONDARY },
};

/** The file's tasks as the reader posts them: chunks of own values, in `OWN` order. */
function chunksOf(path: string): unknown[][] {
  const chunks: unknown[][] = [];
  let values: unknown[] = [];
  for (const line of readFileSync(path, "utf8").split("\n", TASKS)) {
    const record = JSON.parse(line) as { id: string; data: Record<string, unknown>; gold?: number };
    const gold = record.gold === undefined ? null : JSON.stringify(record.gold);
    values.push(record.id, "en", JSON.stringify(record.data), gold, null, 0, 9007199254740991, 3);
    values.push(gold === null ? "open" : "gold", null);
    if (values.length === CHUNK * OWN.length) {
      chunks.push(structuredClone(values));
      values = [];
    }
  }
  if (values.length > 0) chunks.push(structuredClone(values));
  return chunks;
}

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

async function insertOnce(chunks: unknown[][], variant: { verb: string; drop: string[] }) {
  return withBenchDatabase("sqlite", {}, async ({ database }) => {
    const schema = parseLabelSchema({ type: "rating", min: 0, max: 4 });
    const { project } = await seedProject(database, { schema, overlap: 3, tasks: [], now: Date.now() });
    const sqlite = sqliteHandleOf(database.db)!;
    for (const index of variant.drop) sqlite.exec(`drop index ${index}`);
    sqlite.exec("begin");
    sqlite.exec("drop trigger task_counters_insert");
    const row = `(${project.id}, 1, 0, 0, 1764000000000, 1764000000000, ${OWN.map(() => "?").join(", ")})`;
    const statements = new Map<number, ReturnType<typeof sqlite.prepare>>();
    const started = cpuSeconds();
    for (const values of chunks) {
      const count = values.length / OWN.length;
      let statement = statements.get(count);
      if (!statement) {
        const sql = `${variant.verb} into tasks (${SHARED}, ${OWN.join(", ")}) values ${Array(count).fill(row).join(", ")}`;
        statement = sqlite.prepare(sql);
        statements.set(count, statement);
      }
      statement.run(values);
    }
    const inserted = cpuSeconds();
    sqlite.exec("commit");
    return { insert: inserted - started, commit: cpuSeconds() - inserted };
  });
}

if (TASKS > 1_000_000) throw new Error("--tasks is at most 1000000 (the tasks of the generated file)");
const file = await generateTasksFile(join(ROOT, "bench", "out", "tasks-1000000.jsonl"), 1_000_000);
const chunks = chunksOf(file.path);
const names = Object.keys(VARIANTS).filter((name) => !flags.only || new RegExp(flags.only).test(name));
const per100k = (seconds: number) => ((seconds * 100_000) / TASKS).toFixed(3);
console.log(`SQLite insert of ${TASKS.toLocaleString("en-US")} tasks, chunks of ${CHUNK}; CPU s per 100k tasks`);
// The first insert of a process runs before the JIT has compiled the binding path: not counted.
await insertOnce(chunks.slice(0, 50), VARIANTS[names[0]!]!);
for (let round = 1; round <= Number(flags.rounds); round++)
  for (const name of names) {
    const before = loadAverage();
    const { insert, commit } = await insertOnce(chunks, VARIANTS[name]!);
    console.log(
      `round ${round}, ${name}: insert ${per100k(insert)}, commit ${per100k(commit)}; load ${before} -> ${loadAverage()}`,
    );
  }
