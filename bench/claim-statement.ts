/**
 * `node --import tsx bench/claim-statement.ts [--held 200] [--runs 5000]`: CPU per run of SQLite's
 * claim statement (`readClaimStateAndQueueHead`: the annotator's standing and held leases with the
 * queue head) in a SQLite file of 20,000 tasks after 3,000 judgments, while `--held` other
 * annotators each hold a lease in the project (a crowd at work), and how it reads the held leases.
 * Run it in two checkouts, alternating, to compare builds.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  claimStateAndQueueHeadQuery,
  leaseNextTask,
  newAnnotator,
  newUser,
  seedProject,
  submitJudgment,
  textTasks,
} from "@quorum/storage";
import { CompiledQuery, sql } from "kysely";
import { withBenchDatabase } from "./bench-databases.js";

const { values: flags } = parseArgs({
  options: { held: { type: "string", default: "200" }, runs: { type: "string", default: "5000" } },
});
await withBenchDatabase("sqlite", {}, async ({ database }) => {
  const now = Date.now();
  const admin = await newUser(database, { now });
  const { project } = await seedProject(database, { admin, now, overlap: 3, tasks: textTasks(20_000) });
  const crowd = [];
  for (let i = 0; i < 50; i++) crowd.push(await newAnnotator(database, { languages: [], now }));
  for (let i = 0; i < 3000; i++) {
    const a = crowd[i % crowd.length]!;
    const lease = await leaseNextTask(database, { project, annotator: a, now });
    if (!lease) throw new Error("queue ran dry");
    const judged = { project, assignmentId: lease.id, annotatorId: a.id, value: i % 5, activeMs: 900, now };
    await submitJudgment(database, { ...judged, clientKey: `k${i}` });
  }
  for (let i = 0; i < Number(flags.held); i++)
    await leaseNextTask(database, { project, annotator: await newAnnotator(database, { languages: [], now }), now });
  const query = claimStateAndQueueHeadQuery(
    database.db,
    { projectId: project.id, languages: [""], annotatorId: crowd[7]!.id },
    now,
  );
  const compiled = CompiledQuery.raw(query.sql, [...query.parameters]);
  let n = 0;
  const inline = query.sql.replace(/\?/g, () => {
    const v = query.parameters[n++];
    return typeof v === "string" ? `'${v}'` : String(v);
  });
  const plan = (await sql.raw(`explain query plan ${inline}`).execute(database.db)).rows as { detail: string }[];
  const runs = Number(flags.runs);
  for (let i = 0; i < 200; i++) await database.db.executeQuery(compiled);
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) await database.db.executeQuery(compiled);
  const used = process.cpuUsage(cpu);
  console.log(
    JSON.stringify({
      held: Number(flags.held),
      cpuUsPerRun: Number(((used.user + used.system) / runs).toFixed(1)),
      heldLeases: plan.map((r) => r.detail).find((d) => d.includes("held")),
      loadavg: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
    }),
  );
});
