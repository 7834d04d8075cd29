/**
 * `node --import tsx bench/exposure-cost.ts [--pairs N] [--pg-url URL]`: what exposure budgets and
 * skill checks cost the next-task call, in process (no HTTP, so the figure is not drowned by other
 * work on a shared machine). Two projects alike but for the checks: "on" has a harm category (its
 * tasks mixed with benign ones), exposure budgets in force and a skill requirement its annotators
 * meet; "off" has neither. Blocks of lease + judgment pairs alternate between them, so both halves
 * see the same machine; the lease (next task) is timed on its own and with its judgment. CPU time on
 * SQLite (all work in process), wall time on PostgreSQL. Target: next task under 10% slower.
 * `npm run bench` runs it too (benchmark `exposure`).
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_WELLBEING_POLICY, type Project, parseLabelSchema, type User } from "@quorum/core";
import {
  type Database,
  getProject,
  leaseNextTask,
  newAnnotator,
  saveWellbeingPolicy,
  seedProject,
  submitJudgment,
} from "@quorum/storage";
import { BENCH_PG_URL, forEachBenchDatabase } from "./bench-databases.js";

const BLOCK = 200;
const ANNOTATORS = 30;
const LABELS = ["a", "b", "c"];

export interface ExposureCost {
  dialect: "sqlite" | "postgres";
  clock: "CPU" | "wall";
  pairs: number;
  /** µs per next-task call and per lease + judgment pair, with the checks on and off. */
  lease: { on: number; off: number };
  pair: { on: number; off: number };
}

/** Runs `pairs` lease + judgment pairs split between the two projects on `database`. */
export async function measureExposureCost(
  database: Database,
  dialect: "sqlite" | "postgres",
  pairs: number,
): Promise<ExposureCost> {
  const now = Date.now();
  const tasks = Math.ceil(pairs / 2 / 3) + ANNOTATORS * 3 + BLOCK;
  const seed = async (name: string, on: boolean): Promise<Project> => {
    const seeded = await seedProject(database, {
      name,
      schema: parseLabelSchema({ type: "single_choice", options: LABELS }),
      overlap: 3,
      requirements: { languages: [], skills: on ? { moderation: 1 } : {} },
      ...(on ? { harmCategory: "violence" as const } : {}),
      // One task in four is benign in the harmful project, as a mixed queue would be.
      tasks: Array.from({ length: tasks }, (_, i) => ({
        data: { q: `q${i}` },
        ...(on && i % 4 === 3 ? { harm: "none" as const } : {}),
      })),
      now,
    });
    return (await getProject(database.db, seeded.project.id))!;
  };
  const projects = { on: await seed("checks on", true), off: await seed("checks off", false) };
  // Budgets in force, high enough never to close the queue during the run (the read is what is priced).
  const budget = { itemsPerDay: 1_000_000, minutesPerDay: 1_000_000, itemsPerWeek: 5_000_000, minutesPerWeek: null };
  await saveWellbeingPolicy(database.db, { ...DEFAULT_WELLBEING_POLICY, defaultBudget: budget }, 0, now);
  const annotators: User[] = [];
  for (let i = 0; i < ANNOTATORS; i++)
    annotators.push(await newAnnotator(database, { now, name: `a${i}`, skills: { moderation: 2 } }));

  // SQLite runs everything in this process: CPU time is the fair measure on a busy machine.
  const clock = () => {
    if (dialect === "postgres") return performance.now();
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const lease = { on: 0, off: 0 };
  const pair = { on: 0, off: 0 };
  const done = { on: 0, off: 0 };
  let round = 0;
  // Blocks -2 (on) and -1 (off) warm up both paths (JIT, caches, prepared statements) unmeasured,
  // so the first measured block of neither pays for its first runs; then on and off alternate.
  for (let block = -2; done.on + done.off < pairs; block++) {
    const key = Math.abs(block % 2) === 0 ? "on" : "off";
    const project = projects[key];
    let leaseMs = 0;
    const started = clock();
    for (let n = 0; n < BLOCK; round++) {
      const annotator = annotators[round % ANNOTATORS]!;
      const at = now + round;
      const before = clock();
      const taken = await leaseNextTask(database, { project, annotator, now: at });
      leaseMs += clock() - before;
      if (!taken) continue;
      await submitJudgment(database, {
        project,
        assignmentId: taken.id,
        annotatorId: annotator.id,
        value: LABELS[round % 3]!,
        activeMs: 4000,
        clientKey: `k${round}`,
        now: at,
      });
      n++;
    }
    if (block < 0) continue;
    pair[key] += clock() - started;
    lease[key] += leaseMs;
    done[key] += BLOCK;
  }
  const per = (total: { on: number; off: number }) => ({
    on: (total.on / done.on) * 1000,
    off: (total.off / done.off) * 1000,
  });
  return {
    dialect,
    clock: dialect === "postgres" ? "wall" : "CPU",
    pairs: done.on + done.off,
    lease: per(lease),
    pair: per(pair),
  };
}

/** One line per dialect, as printed and as the bench report notes. */
export function exposureCostLine(cost: ExposureCost): string {
  const slower = (x: { on: number; off: number }) => `${(((x.on - x.off) / x.off) * 100).toFixed(1)}%`;
  return (
    `${cost.dialect}: next task ${cost.lease.on.toFixed(0)} µs ${cost.clock} with exposure budgets and skill checks, ` +
    `${cost.lease.off.toFixed(0)} µs without (${slower(cost.lease)}; target < 10%); lease + judgment ` +
    `${cost.pair.on.toFixed(0)} µs vs ${cost.pair.off.toFixed(0)} µs (${slower(cost.pair)}); ${cost.pairs} pairs, blocks of ${BLOCK} alternating`
  );
}

/** SQLite on a file, then PostgreSQL when reachable at `pgUrl`. */
export async function runExposureCost(pairs: number, pgUrl: string): Promise<ExposureCost[]> {
  const costs: ExposureCost[] = [];
  await forEachBenchDatabase({ pgUrl }, async ({ database, dialect }) => {
    costs.push(await measureExposureCost(database, dialect, pairs));
  });
  return costs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values: flags } = parseArgs({
    options: {
      pairs: { type: "string", default: "4000" },
      "pg-url": { type: "string", default: BENCH_PG_URL },
    },
  });
  for (const cost of await runExposureCost(Number(flags.pairs), flags["pg-url"])) console.log(exposureCostLine(cost));
}
