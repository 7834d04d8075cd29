import {
  checkEligibility,
  DomainError,
  type LabelValue,
  type Lease,
  type Project,
  type TaskType,
  type User,
} from "@quorum/core";
import { type Database, endLease, getProject, leaseNextTask, listTasks, submitJudgment } from "@quorum/storage";
import {
  lognormal,
  mixSeed,
  mulberry32,
  nextShift,
  type Random,
  type SimulatedAnnotator,
  sampleActiveSeconds,
} from "./annotator-model.js";
import { latentTruth, simulateAnswer } from "./answer.js";
import { EventQueue } from "./event-queue.js";

/** An annotator account and the model that drives it. */
export interface SimulatedWorker {
  user: User;
  model: SimulatedAnnotator;
}

/** What `truthFor` is told about a leased task. */
export interface TaskForTruth {
  projectId: number;
  taskId: number;
  externalId: string | null;
  data: Record<string, unknown>;
}

export interface SimulationOptions {
  projects: readonly Project[];
  workers: readonly SimulatedWorker[];
  /** Simulated start and end, epoch ms. */
  from: number;
  to: number;
  seed: number;
  /**
   * The true answer of a task without gold, when the caller knows it (generated data). Otherwise
   * a latent truth is drawn from the task id, the same for every annotator.
   */
  truthFor?: (task: TaskForTruth) => LabelValue | undefined;
  /** Changes that happen at a simulated time (a new guideline version); projects are re-read after each. */
  milestones?: readonly { at: number; run: () => Promise<void> }[];
  /**
   * How a guideline version changes simulated work on a project (the demo's guideline
   * experiment): added accuracy and a factor on active time, for leases serving that version.
   */
  guidelineEffect?: (
    projectId: number,
    guidelineVersion: number,
  ) => { accuracy: number; timeFactor: number } | undefined;
  /** Called every few hundred events and at the end with the simulated time reached. */
  onProgress?: (progress: { now: number; judgments: number }) => void;
}

export interface SimulationResult {
  leases: number;
  judgments: number;
  skipped: number;
  /** Leases the annotator walked away from and let expire. */
  expired: number;
  /** Leases still being worked on at the end, released then. */
  released: number;
  goldAnswered: number;
  goldCorrect: number;
  activeMs: number;
  judgmentsByProject: Record<number, number>;
}

/** How long a typical annotator spends on one task of each type, in seconds. */
export const TYPICAL_SECONDS: Readonly<Record<TaskType, number>> = {
  single_choice: 12,
  multi_label: 22,
  rating: 28,
  pairwise: 35,
  ranking: 60,
  free_text: 90,
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const PROGRESS_EVERY = 250;

interface Holding {
  lease: Lease;
  projectId: number;
  outcome: "submit" | "skip";
  activeMs: number;
}

interface WorkerState {
  worker: SimulatedWorker;
  random: Random;
  projectIds: number[];
  /** The project of the current work session; people stay in one queue for a while. */
  currentProjectId: number | undefined;
  emptyUntil: Map<number, number>;
  holding: Holding | undefined;
}

/**
 * Drives simulated annotators through the real assignment engine on a simulated clock. Each
 * annotator, during their shifts, leases the next task of an eligible project (`leaseNextTask`),
 * works for a sampled active time and submits an answer drawn from their model
 * (`submitJudgment`), sometimes skips (`endLease`) and now and then walks away so the lease
 * expires. Events run strictly in time order from a priority queue, so many annotators
 * interleave as they would on a server, and every database write carries the simulated time.
 * Deterministic for a given seed and database content.
 */
export async function runSimulation(database: Database, options: SimulationOptions): Promise<SimulationResult> {
  const result: SimulationResult = {
    leases: 0,
    judgments: 0,
    skipped: 0,
    expired: 0,
    released: 0,
    goldAnswered: 0,
    goldCorrect: 0,
    activeMs: 0,
    judgmentsByProject: {},
  };
  const projects = new Map(options.projects.map((p) => [p.id, p]));
  const milestones = [...(options.milestones ?? [])].sort((a, b) => a.at - b.at);
  const queue = new EventQueue<WorkerState>();

  for (const worker of options.workers) {
    const projectIds = options.projects.filter((p) => mayWork(worker.user, p)).map((p) => p.id);
    if (projectIds.length === 0) continue;
    const state: WorkerState = {
      worker,
      random: mulberry32(mixSeed(options.seed, worker.model.seed)),
      projectIds,
      currentProjectId: undefined,
      emptyUntil: new Map(),
      holding: undefined,
    };
    const shift = nextShift(worker.model, options.from);
    if (shift && shift.start < options.to) queue.push(Math.ceil(Math.max(options.from, shift.start)), state);
  }

  const runMilestonesUntil = async (time: number) => {
    let ran = false;
    while (milestones.length > 0 && milestones[0]!.at <= time) {
      await milestones.shift()!.run();
      ran = true;
    }
    if (ran)
      for (const id of projects.keys()) projects.set(id, (await getProject(database.db, id)) ?? projects.get(id)!);
  };

  const context: StepContext = { database, options, projects, result };
  let events = 0;
  for (;;) {
    const at = queue.peekTime();
    if (at === undefined || at >= options.to) break;
    const { value: state } = queue.pop()!;
    await runMilestonesUntil(at);
    const stepped = await step(context, state, at);
    // Whole milliseconds: the database stores times as integers.
    const next = stepped === undefined ? undefined : Math.ceil(stepped);
    // A lease still in hand when time is up stays queued, to be released below.
    if (next !== undefined && (next < options.to || state.holding)) queue.push(next, state);
    if (++events % PROGRESS_EVERY === 0) options.onProgress?.({ now: at, judgments: result.judgments });
  }
  await runMilestonesUntil(options.to);

  for (let event = queue.pop(); event; event = queue.pop()) {
    const held = event.value.holding;
    if (!held) continue;
    await endLease(database.db, {
      assignmentId: held.lease.id,
      annotatorId: held.lease.annotatorId,
      outcome: "released",
      now: options.to,
    });
    result.released++;
  }
  options.onProgress?.({ now: options.to, judgments: result.judgments });
  return result;
}

/** What the server checks before serving a project to an annotator. */
function mayWork(user: User, project: Project): boolean {
  return project.status === "active" && checkEligibility(user, project.requirements).eligible;
}

interface StepContext {
  database: Database;
  options: SimulationOptions;
  projects: Map<number, Project>;
  result: SimulationResult;
}

/** One action of one annotator at `at`; returns when they act next, or undefined when they are done. */
async function step(context: StepContext, state: WorkerState, at: number): Promise<number | undefined> {
  const { model } = state.worker;
  if (state.holding) {
    await finish(context, state, state.holding, at);
    state.holding = undefined;
    const pause = state.random() < model.breakRate ? lognormal(state.random, 10 * MINUTE, 0.5) : 0;
    return at + lognormal(state.random, 4 * SECOND, 0.5) + pause;
  }

  const shift = nextShift(model, at);
  if (!shift) return undefined;
  if (shift.start > at) {
    state.currentProjectId = undefined;
    return shift.start;
  }

  const project = chooseProject(context, state, at);
  if (!project) return shift.end; // nothing to do today: come back next shift
  const lease = await leaseOrUndefined(context, state, project, at);
  if (lease === "paused") {
    // The project's quality rules paused this annotator: they stop working on it for good.
    state.emptyUntil.set(project.id, Number.POSITIVE_INFINITY);
    state.currentProjectId = undefined;
    return at + SECOND;
  }
  if (!lease) {
    // Look again next shift (slots freed meanwhile by skips and expiries go to whoever is there).
    state.emptyUntil.set(project.id, shift.end);
    state.currentProjectId = undefined;
    return at + SECOND;
  }
  context.result.leases++;

  const draw = state.random();
  if (draw < model.abandonRate) {
    context.result.expired++;
    return lease.expiresAt + lognormal(state.random, 15 * MINUTE, 0.5);
  }
  const leaseMs = lease.expiresAt - at;
  if (draw < model.abandonRate + model.skipRate) {
    const activeMs = Math.min(lognormal(state.random, 8 * SECOND, 0.4), leaseMs / 2);
    state.holding = { lease, projectId: project.id, outcome: "skip", activeMs };
    return at + activeMs;
  }
  const effect = context.options.guidelineEffect?.(project.id, lease.guidelineVersion);
  const seconds =
    sampleActiveSeconds(model, TYPICAL_SECONDS[project.schema.type], state.random) * (effect?.timeFactor ?? 1);
  // Someone about to overrun the lease hurries up: the answer lands before it expires.
  const activeMs = Math.round(Math.min(seconds * SECOND, leaseMs * 0.9));
  state.holding = { lease, projectId: project.id, outcome: "submit", activeMs };
  return at + activeMs + Math.min(lognormal(state.random, 700, 0.4), (leaseMs - activeMs) / 2);
}

async function leaseOrUndefined(context: StepContext, state: WorkerState, project: Project, at: number) {
  try {
    return await leaseNextTask(context.database, { project, annotator: state.worker.user, now: at });
  } catch (error) {
    if (error instanceof DomainError && error.code === "annotator_paused") return "paused" as const;
    throw error;
  }
}

function chooseProject(context: StepContext, state: WorkerState, at: number): Project | undefined {
  const available = state.projectIds.filter(
    (id) => (state.emptyUntil.get(id) ?? 0) <= at && context.projects.get(id)?.status === "active",
  );
  for (const id of state.projectIds)
    if ((state.emptyUntil.get(id) ?? Number.POSITIVE_INFINITY) <= at) state.emptyUntil.delete(id);
  if (available.length === 0) return undefined;
  if (state.currentProjectId === undefined || !available.includes(state.currentProjectId))
    state.currentProjectId = available[Math.floor(state.random() * available.length)]!;
  return context.projects.get(state.currentProjectId);
}

async function finish(context: StepContext, state: WorkerState, held: Holding, at: number): Promise<void> {
  const { database, result } = context;
  const annotatorId = state.worker.user.id;
  if (held.outcome === "skip") {
    await endLease(database.db, { assignmentId: held.lease.id, annotatorId, outcome: "skipped", now: at });
    result.skipped++;
    return;
  }
  const project = context.projects.get(held.projectId)!;
  const truth = await taskTruth(context, project, held.lease);
  const effect = context.options.guidelineEffect?.(project.id, held.lease.guidelineVersion);
  const model = effect
    ? { ...state.worker.model, accuracy: Math.min(0.995, state.worker.model.accuracy + effect.accuracy) }
    : state.worker.model;
  const value = simulateAnswer(project.schema, { data: held.lease.task.data, truth }, model, state.random);
  let submitted: Awaited<ReturnType<typeof submitJudgment>>;
  try {
    submitted = await submitJudgment(database, {
      project,
      assignmentId: held.lease.id,
      annotatorId,
      value,
      activeMs: held.activeMs,
      clientKey: `sim-${context.options.seed}-${held.lease.id}`,
      now: at,
    });
  } catch (error) {
    // Only with leases of a few seconds can an answer arrive late; the engine reclaimed the slot.
    if (error instanceof DomainError && error.code === "lease_expired") {
      result.expired++;
      return;
    }
    throw error;
  }
  result.judgments++;
  result.activeMs += submitted.judgment.activeMs;
  result.judgmentsByProject[project.id] = (result.judgmentsByProject[project.id] ?? 0) + 1;
  // The stored verdict, not the feedback: the project's policy may give none after hidden controls.
  const { goldCorrect } = submitted.judgment;
  if (goldCorrect !== null) {
    result.goldAnswered++;
    if (goldCorrect) result.goldCorrect++;
  }
}

/** The gold answer when there is one, else what the caller knows, else a latent truth fixed by the task id. */
async function taskTruth(context: StepContext, project: Project, lease: Lease): Promise<LabelValue> {
  const [task] = await listTasks(context.database.db, project.id, { after: lease.taskId - 1, limit: 1 });
  if (task?.gold != null) return task.gold;
  const data = lease.task.data;
  const known = context.options.truthFor?.({
    projectId: project.id,
    taskId: lease.taskId,
    externalId: task?.externalId ?? null,
    data,
  });
  return known ?? latentTruth(project.schema, data, mulberry32(mixSeed(project.id, lease.taskId)));
}
