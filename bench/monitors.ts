/**
 * `npm run bench:monitors`: what monitors cost the labeling engine. Judgment throughput on SQLite
 * (lease + judgment, in process, as the server runs them) with and without 1,000 monitor rules
 * evaluated each minute by the same process (plus the webhook dispatcher's 1 s round), in
 * alternating runs. Target: monitors add < 5% to judgment throughput (the throughput drops less
 * than 5%).
 *
 * Options: --seconds S (measured per run, default 60) --warmup S (5) --rounds N (3; each round is
 * one run without and one with) --annotators N (50) --rules N (1000) --every S (60) --out FILE.
 * Figures are printed and written as Markdown to bench/out/monitors.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { setImmediate as nextMacrotask } from "node:timers/promises";
import { parseArgs } from "node:util";
import type { MonitorCondition, Project, User } from "@quorum/core";
import { parseLabelSchema } from "@quorum/core";
import { createMonitoringWorker } from "@quorum/server";
import {
  type Database,
  type ImportRecord,
  importTasks,
  insertMonitor,
  insertProject,
  insertUser,
  leaseNextTask,
  submitJudgment,
} from "@quorum/storage";
import { withBenchDatabase } from "./bench-databases.js";
import { ROOT } from "./processes.js";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    warmup: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    annotators: { type: "string", default: "50" },
    rules: { type: "string", default: "1000" },
    every: { type: "string", default: "60" },
    out: { type: "string", default: join(ROOT, "bench/out/monitors.md") },
  },
});
const SECONDS = Number(flags.seconds);
const WARMUP = Number(flags.warmup);
const ROUNDS = Number(flags.rounds);
const ANNOTATORS = Number(flags.annotators);
const RULES = Number(flags.rules);
const EVERY_MS = Number(flags.every) * 1000;
const VENDORS = ["Acme", "Beta", "Gamma", "Delta", "Epsilon"];
const IDLE_PROJECTS = 20;

async function* taskRecords(count: number): AsyncGenerator<ImportRecord> {
  for (let i = 0; i < count; i++) yield { ok: true, task: { line: i + 1, data: { text: `task ${i}` } } };
}

async function newProject(database: Database, admin: User, name: string, tasks: number): Promise<Project> {
  const project = await insertProject(
    database.db,
    {
      name,
      schema: parseLabelSchema({ type: "single_choice", options: ["a", "b"] }),
      requirements: { languages: [], skills: {} },
      overlap: 1,
      priority: 0,
      deadline: null,
      leaseSeconds: 600,
      sensitive: false,
    },
    admin.id,
    Date.now(),
  );
  await importTasks(database.db, {
    project,
    records: taskRecords(tasks),
    batchName: "b",
    actorId: admin.id,
    now: Date.now(),
  });
  return project;
}

/** 1,000 rules of every kind, spread over the metrics, 21 projects and everywhere, 5 vendors and all. */
function ruleAt(i: number, projects: Project[]) {
  const activity = ["throughput", "judgments", "gold_accuracy", "average_handling_time", "active_hours"];
  const tasks = ["open_backlog", "tasks_done", "completion"];
  const projectId = i % 11 === 10 ? null : projects[i % projects.length]!.id;
  if (i % 7 === 6)
    return {
      metric: tasks[i % tasks.length]!,
      scope: { projectId, vendor: null, language: null },
      condition: { type: "threshold", operator: "above", value: 1e12 } as MonitorCondition,
    };
  const conditions: MonitorCondition[] = [
    { type: "threshold", operator: "below", value: -1 },
    { type: "change", direction: "drop", percent: 99.9, baselinePeriods: 12 },
    { type: "forecast", z: 50, baselinePeriods: 24 },
  ];
  return {
    metric: activity[i % activity.length]!,
    scope: { projectId, vendor: i % 6 === 5 ? null : VENDORS[i % VENDORS.length]!, language: null },
    condition: conditions[i % conditions.length]!,
  };
}

interface Run {
  round: number;
  monitors: boolean;
  judgments: number;
  seconds: number;
  /** CPU time of this process (all threads) over the measured window, ms. */
  cpuMs: number;
  evaluations: number[];
}

async function measure(
  database: Database,
  project: Project,
  annotators: User[],
  counter: { n: number },
  withMonitors: boolean,
): Promise<Omit<Run, "round">> {
  const evaluations: number[] = [];
  const worker = createMonitoringWorker({
    database,
    now: Date.now,
    log: (line) => console.error(line),
    evaluateEveryMs: EVERY_MS,
  });
  let stop = false;
  const timers: NodeJS.Timeout[] = [];
  const evaluate = async () => {
    const started = performance.now();
    const summary = await worker.evaluateOnce();
    evaluations.push(performance.now() - started);
    if (summary && summary.evaluated !== RULES) console.error(`evaluated ${summary.evaluated} rules, not ${RULES}`);
  };
  const work = annotators.map(async (annotator) => {
    while (!stop) {
      // better-sqlite3 answers synchronously: without this the loops would run on microtasks alone
      // and starve the timers (in the server each request arrives as its own I/O event).
      await nextMacrotask();
      const lease = await leaseNextTask(database, { project, annotator, now: Date.now() });
      if (!lease) throw new Error("out of tasks: pass fewer --seconds or import more");
      await submitJudgment(database, {
        project,
        assignmentId: lease.id,
        annotatorId: annotator.id,
        value: "a",
        activeMs: 2000,
        clientKey: `k${counter.n++}`,
        now: Date.now(),
      });
      counter.n++;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, WARMUP * 1000));
  const before = counter.n;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  if (withMonitors) {
    // As the server runs them: an evaluation of every rule each minute (the first 10 s into the
    // run), and the dispatcher's round every second.
    timers.push(
      setTimeout(() => {
        void evaluate();
        timers.push(setInterval(() => void evaluate(), EVERY_MS));
      }, 10_000),
    );
    timers.push(setInterval(() => void worker.deliverOnce(), 1000));
  }
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const judgments = (counter.n - before) / 2;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  for (const timer of timers) clearTimeout(timer);
  stop = true;
  await Promise.all(work);
  await worker.stop();
  return { monitors: withMonitors, judgments, seconds, cpuMs, evaluations };
}

const signed = (n: number) => `${n >= 0 ? "+" : ""}${n.toFixed(1)}`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main() {
  await withBenchDatabase("sqlite", {}, async ({ database }) => {
    const admin = await insertUser(
      database.db,
      { email: "admin@bench.quorum", name: "Admin", passwordHash: "x", role: "admin" },
      Date.now(),
    );
    // Enough tasks for every run at up to ~1,500 judgments/s.
    const tasks = Math.ceil(ROUNDS * 2 * (SECONDS + WARMUP + 5) * 1500);
    console.log(`importing ${tasks} tasks ...`);
    const t0 = performance.now();
    const project = await newProject(database, admin, "Busy", tasks);
    console.log(`imported in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const projects = [project];
    for (let i = 0; i < IDLE_PROJECTS; i++) projects.push(await newProject(database, admin, `Idle ${i}`, 100));
    const annotators: User[] = [];
    for (let i = 0; i < ANNOTATORS; i++)
      annotators.push(
        await insertUser(
          database.db,
          {
            email: `a${i}@bench.quorum`,
            name: `Annotator ${i}`,
            passwordHash: "x",
            role: "annotator",
            vendor: VENDORS[i % VENDORS.length]!,
          },
          Date.now(),
        ),
      );
    for (let i = 0; i < RULES; i++)
      await insertMonitor(
        database.db,
        {
          name: `rule ${i}`,
          schedule: "realtime",
          windowMinutes: [1, 5, 15, 60][i % 4]!,
          emails: [],
          enabled: true,
          createdBy: admin.id,
          ...ruleAt(i, projects),
        },
        Date.now(),
      );

    // What one evaluation costs on its own (no judgments running): better-sqlite3 is synchronous,
    // so this is the time the evaluation takes from a saturated process each minute.
    const idle = createMonitoringWorker({ database, now: Date.now, log: (line) => console.error(line) });
    const alone: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await idle.evaluateOnce();
      const used = process.cpuUsage(cpu);
      alone.push({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 });
    }
    await idle.stop();
    console.log(
      `one evaluation of ${RULES} rules alone: ${alone.map((a) => `${a.ms.toFixed(0)} ms (${a.cpuMs.toFixed(0)} ms CPU)`).join(", ")}`,
    );

    const runs: Run[] = [];
    const rate = (r: Run) => r.judgments / r.seconds;
    const cpuPerJudgment = (r: Run) => r.cpuMs / r.judgments;
    const counter = { n: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate which goes first, so a drift of the machine does not favour one side.
      const order = round % 2 === 1 ? [false, true] : [true, false];
      for (const withMonitors of order) {
        const run = { round, ...(await measure(database, project, annotators, counter, withMonitors)) };
        runs.push(run);
        const evals = run.evaluations.map((ms) => ms.toFixed(0)).join(", ");
        console.log(
          `round ${round} ${withMonitors ? "with" : "without"} monitors: ${rate(run).toFixed(0)} judgments/s, ${cpuPerJudgment(run).toFixed(3)} CPU ms per judgment${withMonitors ? `; evaluations of ${RULES} rules took ${evals} ms` : ""}`,
        );
      }
    }
    const without = median(runs.filter((r) => !r.monitors).map(rate));
    const withRules = median(runs.filter((r) => r.monitors).map(rate));
    const change = (withRules / without - 1) * 100;
    const cpuWithout = median(runs.filter((r) => !r.monitors).map(cpuPerJudgment));
    const cpuWith = median(runs.filter((r) => r.monitors).map(cpuPerJudgment));
    const cpuChange = (cpuWith / cpuWithout - 1) * 100;
    const aloneCpu = median(alone.map((a) => a.cpuMs));
    const aloneMs = median(alone.map((a) => a.ms));
    const lines = [
      "# Monitors against judgment throughput (SQLite, in process)",
      "",
      `${new Date().toISOString()}, ${cpus()[0]?.model ?? "?"} × ${cpus().length}, Node ${process.version}. ` +
        `${ANNOTATORS} annotators leasing and answering back to back; ${RULES} realtime rules (${IDLE_PROJECTS + 1} projects and all, 5 vendors and all, every metric, thresholds, changes and forecast intervals) evaluated every ${EVERY_MS / 1000} s; ${SECONDS} s measured per run after ${WARMUP} s of warm-up.`,
      "",
      `One evaluation of ${RULES} rules on its own (no judgments running): median ${aloneMs.toFixed(0)} ms, ${aloneCpu.toFixed(0)} ms of CPU, that is ${((aloneCpu / EVERY_MS) * 100).toFixed(2)}% of a process's ${EVERY_MS / 1000} s: what it takes from judgment throughput when the process is saturated (target: < 5%) ${aloneCpu / EVERY_MS < 0.05 ? "✅" : "❌"}.`,
      "",
      "Runs under load (evaluations interleave with the judgments, so their wall time is longer than their cost):",
      "",
      "| round | monitors | judgments/s | CPU ms per judgment | evaluations, wall time (ms) |",
      "| ---: | --- | ---: | ---: | --- |",
      ...runs.map(
        (r) =>
          `| ${r.round} | ${r.monitors ? `${RULES} rules` : "none"} | ${rate(r).toFixed(0)} | ${cpuPerJudgment(r).toFixed(3)} | ${r.evaluations.map((ms) => ms.toFixed(0)).join(", ") || "—"} |`,
      ),
      "",
      `Median judgments/s: ${without.toFixed(0)} without, ${withRules.toFixed(0)} with monitors: ${signed(change)}% (target: no worse than −5%) ${change > -5 ? "✅" : "❌"}.`,
      `Median CPU per judgment (this process, all threads; steadier than wall-clock rates on a shared machine): ${cpuWithout.toFixed(3)} ms without, ${cpuWith.toFixed(3)} ms with monitors: ${signed(cpuChange)}% (target: < +5%) ${cpuChange < 5 ? "✅" : "❌"}.`,
      "",
    ];
    const text = lines.join("\n");
    console.log(`\n${text}`);
    mkdirSync(join(ROOT, "bench/out"), { recursive: true });
    writeFileSync(flags.out, text);
  });
}

await main();
