import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, randomPassword } from "@quorum/server";
import { copyProjectToSandbox, type Database, getProject, projectTaskCounts } from "@quorum/storage";
import { integerOption, numberOption, parseCommandArgs, UsageError } from "../args.js";
import type { Config } from "../config.js";
import type { Io } from "../io.js";
import { openConfiguredDatabase, projectNotFound } from "../open.js";
import { progressBar } from "../progress.js";
import { mixSeed, sampleAnnotatorModel } from "../simulate/annotator-model.js";
import { runSimulation, type SimulationResult } from "../simulate/run-simulation.js";
import { ensureSimulatedAnnotators } from "../simulate/sim-accounts.js";

export const SIMULATE_HELP = `quorum simulate --project ID [--annotators 20] [--hours 8] [--seed 1] [--accuracy 0.85] [--live]
  Simulates annotators labeling the project through the real assignment engine, from HOURS ago
  until now, each in their own time zone and working hours, at about ACCURACY on average.
  By default on a sandbox: a scratch copy of the project (settings, guidelines, unfinished and
  gold tasks) in a temporary SQLite file, deleted afterwards; the configured database is only
  read. With --live it labels the project itself, with the accounts sim-1@quorum.local ...
  sim-N@quorum.local (created, or reused and made eligible): fake judgments in a real project.
  Prints the judgments given, the tasks completed and the mean active time.`;

export interface SimulateOptions {
  projectId: number;
  annotators: number;
  hours: number;
  seed: number;
  accuracy: number;
  now: number;
  /** Write into the configured database's project instead of a sandbox copy. */
  live?: boolean;
  /** Set on a sandbox run: the live project the copy was made from (named in the summary). */
  sandboxOf?: number;
}

const HOUR = 3_600_000;

/** `quorum simulate`: parses the options, opens the database and runs `simulateProject`. */
export async function simulateCommand(argv: string[], io: Io, config: Config): Promise<void> {
  const values = parseCommandArgs(
    argv,
    {
      project: { type: "string" },
      annotators: { type: "string", default: "20" },
      hours: { type: "string", default: "8" },
      seed: { type: "string", default: "1" },
      accuracy: { type: "string", default: "0.85" },
      live: { type: "boolean", default: false },
    },
    SIMULATE_HELP,
    io,
  );
  if (!values) return;
  if (!values.project) throw new UsageError(`--project is required\n${SIMULATE_HELP}`);
  const options: SimulateOptions = {
    projectId: integerOption("--project", values.project, 1, Number.MAX_SAFE_INTEGER),
    annotators: integerOption("--annotators", values.annotators, 1, 10_000),
    hours: numberOption("--hours", values.hours, 0.01, 24 * 365),
    seed: integerOption("--seed", values.seed, 0, 2 ** 32 - 1),
    accuracy: numberOption("--accuracy", values.accuracy, 0, 1),
    now: Date.now(),
    live: values.live === true,
  };
  const database = await openConfiguredDatabase(config);
  try {
    await (options.live ? simulateProject(database, io, options) : simulateInSandbox(database, io, options));
  } finally {
    await database.close();
  }
}

/**
 * Runs the simulation on a scratch copy of the project (`copyProjectToSandbox`) in a temporary
 * SQLite file, deleted afterwards; `database` is only read. Returns what the copy recorded.
 */
export async function simulateInSandbox(
  database: Database,
  io: Io,
  options: SimulateOptions,
): Promise<SimulationResult & { sandboxTasks: number }> {
  const project = await getProject(database.db, options.projectId);
  if (!project) throw projectNotFound(options.projectId, database);
  const directory = mkdtempSync(join(tmpdir(), "quorum-sandbox-"));
  try {
    const sandbox = await copyProjectToSandbox(database, project, {
      path: join(directory, "sandbox.sqlite"),
      now: options.now - options.hours * HOUR,
    });
    try {
      io.stderr(
        `sandbox: a copy of project ${project.id} with ${sandbox.tasks} unfinished and gold tasks (use --live to label the project itself)\n`,
      );
      const result = await simulateProject(sandbox.database, io, {
        ...options,
        projectId: sandbox.project.id,
        sandboxOf: project.id,
      });
      return { ...result, sandboxTasks: sandbox.tasks };
    } finally {
      await sandbox.database.close();
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Runs the simulation on an open database, with a progress bar on stderr and a summary on stdout. */
export async function simulateProject(database: Database, io: Io, options: SimulateOptions): Promise<SimulationResult> {
  const project = await getProject(database.db, options.projectId);
  if (!project) throw projectNotFound(options.projectId, database);
  if (project.status !== "active")
    throw new Error(`project ${project.id} is ${project.status}; only active projects take work`);

  const users = await ensureSimulatedAnnotators(database, {
    project,
    count: options.annotators,
    passwordHash: () => hashPassword(randomPassword()),
    now: options.now,
  });
  const workers = users.map((user, index) => ({
    user,
    model: sampleAnnotatorModel({
      seed: mixSeed(options.seed, index + 1),
      languages: user.languages,
      accuracy: options.accuracy,
    }),
  }));

  const before = await projectTaskCounts(database.db, project.id);
  const from = options.now - options.hours * HOUR;
  const minutes = Math.round(options.hours * 60);
  const bar = progressBar(io, "simulating", minutes);
  const result = await runSimulation(database, {
    projects: [project],
    workers,
    from,
    to: options.now,
    seed: options.seed,
    onProgress: ({ now }) => {
      if (now < options.now) bar.update(Math.round((now - from) / 60_000), "simulated minutes");
    },
  });
  bar.finish(minutes, "simulated minutes");
  const after = await projectTaskCounts(database.db, project.id);

  io.stdout(summary(project.id, project.name, options, result, after.done - before.done, after.open));
  return result;
}

function summary(
  id: number,
  name: string,
  options: SimulateOptions,
  result: SimulationResult,
  completed: number,
  open: number,
): string {
  const n = (value: number) => value.toLocaleString("en-US");
  const meanSeconds = result.judgments > 0 ? result.activeMs / result.judgments / 1000 : 0;
  const gold =
    result.goldAnswered > 0
      ? ` (${n(result.goldAnswered)} on gold, ${Math.round((100 * result.goldCorrect) / result.goldAnswered)}% correct)`
      : "";
  return [
    `Simulated ${n(options.annotators)} annotators over ${options.hours} h on ${options.sandboxOf === undefined ? `project ${id}` : `a sandbox copy of project ${options.sandboxOf}`} "${name}":`,
    `  judgments         ${n(result.judgments)}${gold}`,
    `  tasks completed   ${n(completed)} (${n(open)} still open)`,
    `  mean active time  ${meanSeconds.toFixed(1)} s per judgment`,
    `  leases            ${n(result.leases)} (${n(result.skipped)} skipped, ${n(result.expired)} left to expire, ${n(result.released)} released at the end)`,
    "",
  ].join("\n");
}
