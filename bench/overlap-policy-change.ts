/**
 * `npx tsx bench/overlap-policy-change.ts [--tasks N] [--only sqlite|postgres] [--no-subscriber]`: what applying a
 * changed overlap policy (the batches of `advanceOverlapPolicyChange` that PATCH /projects/{id} starts
 * and the server's background worker runs, with completion events for a subscriber) costs on a project of
 * N unfinished tasks, each with 2 judgments, half of them confident enough for the new dynamic
 * policy to settle: wall time in all and per task, on SQLite (a file) then PostgreSQL when reachable.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { parseOverlapSetting } from "@quorum/core";
import {
  type Database,
  finishOverlapPolicyChange,
  insertWebhook,
  newUser,
  seedProject,
  textTasks,
  updateProject,
} from "@quorum/storage";
import { sql } from "kysely";
import { forEachBenchDatabase } from "./bench-databases.js";

const { values: flags } = parseArgs({
  options: {
    tasks: { type: "string", default: "20000" },
    only: { type: "string" },
    "no-subscriber": { type: "boolean", default: false },
  },
});
const TASKS = Number(flags.tasks);

async function measure(database: Database, dialect: string) {
  const now = Date.now();
  const admin = await newUser(database, { now });
  const { project } = await seedProject(database, { admin, now, overlap: 3, tasks: textTasks(TASKS) });
  // Two judgments each (counters only: the rule reads them), every other task at 0.95 confidence.
  await sql`update tasks set judgment_count = 2, slots_taken = 2,
      confidence = case when id % 2 = 0 then 0.95 else 0.5 end,
      aggregate = '{"value":"a","method":"majority","agreement":1}'
    where project_id = ${project.id}`.execute(database.db);
  const events = ["task.completed", "batch.completed", "project.completed"] as const;
  if (!flags["no-subscriber"])
    await insertWebhook(
      database.db,
      {
        url: "http://127.0.0.1:9/",
        secret: "s",
        events: [...events],
        projectId: null,
        description: "",
        createdBy: admin.id,
      },
      now,
    );
  const overlapPolicy = parseOverlapSetting({ mode: "dynamic", min: 2, max: 4, target: 0.9 });
  const started = performance.now();
  await updateProject(database.db, project.id, { overlapPolicy }, admin.id, now);
  const result = (await finishOverlapPolicyChange(database, { projectId: project.id, now }))!;
  const ms = performance.now() - started;
  console.log(
    `${dialect}: ${TASKS} unfinished tasks${flags["no-subscriber"] ? ", no subscriber" : ", completion events to a subscriber"}, ${result.settled} settled, ${result.changed} changed: ${ms.toFixed(0)} ms (${((1000 * ms) / TASKS).toFixed(1)} µs a task); load ${loadavg()
      .map((v) => v.toFixed(1))
      .join(" ")}`,
  );
}

await forEachBenchDatabase({ only: flags.only }, ({ database, dialect }) => measure(database, dialect));
