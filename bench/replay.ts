// Replay of a crowdsourcing dataset through the online engine, the way the assignment engine
// serves tasks: annotators arrive one at a time and each gets the oldest open task they can do.
// Used by bench/quality.ts; pure computation, no I/O.
import { isSettled } from "../packages/core/src/policy/overlap.js";
import { shouldServeGold } from "../packages/core/src/policy/quality-policy.js";
import { stoppingEvidence } from "../packages/core/src/policy/stopping-evidence.js";
import type { Calibration } from "../packages/core/src/quality/calibration.js";
import {
  addJudgment,
  createOnlinePosterior,
  dawidSkene,
  type EncodedAnswers,
  type GoldLabels,
  majorityVoteByTask,
  mulberry32,
  type OnlinePosteriorState,
  onlineTaskStatus,
  refitOnlinePosterior,
  shuffleInPlace,
} from "../packages/core/src/quality/index.js";

/** A dataset reduced to what a replay needs: tasks with enough distinct workers, one answer per (task, worker). */
export interface ReplayData {
  name: string;
  classCount: number;
  taskCount: number;
  workerCount: number;
  /** Answers of task t: indices start[t] … start[t+1]-1 into `worker` and `label`. */
  start: Int32Array;
  task: Int32Array;
  worker: Int32Array;
  label: Int32Array;
  /** Gold class per task, -1 when unknown. */
  gold: Int32Array;
  goldCount: number;
  /**
   * A fixed random half of the tasks (1) and the rest (0): settings may be tuned on the gold of
   * one half and reported on the other.
   */
  half: Uint8Array;
  /** Repeated (task, worker) answers dropped (the first one is kept). */
  duplicatesDropped: number;
  /** Tasks dropped for having fewer than `minAnswers` distinct workers. */
  tasksDropped: number;
}

/**
 * Keeps the first answer of each (task, worker) pair (the engine never serves a task twice to the
 * same annotator) and the tasks with at least `minAnswers` distinct workers; re-indexes densely.
 */
export function prepareReplay(name: string, answers: EncodedAnswers, gold: GoldLabels, minAnswers = 5): ReplayData {
  const seen = new Set<number>();
  const keep: number[] = [];
  let duplicatesDropped = 0;
  for (let i = 0; i < answers.task.length; i++) {
    const key = answers.task[i]! * answers.workerCount + answers.worker[i]!;
    if (seen.has(key)) duplicatesDropped++;
    else {
      seen.add(key);
      keep.push(i);
    }
  }
  const perTask = new Int32Array(answers.taskCount);
  for (const i of keep) perTask[answers.task[i]!]!++;
  const taskIndex = new Int32Array(answers.taskCount).fill(-1);
  let taskCount = 0;
  for (let t = 0; t < answers.taskCount; t++) if (perTask[t]! >= minAnswers) taskIndex[t] = taskCount++;
  const workerIndex = new Int32Array(answers.workerCount).fill(-1);
  let workerCount = 0;
  const kept = keep.filter((i) => taskIndex[answers.task[i]!]! >= 0);
  for (const i of kept) if (workerIndex[answers.worker[i]!] === -1) workerIndex[answers.worker[i]!] = workerCount++;
  const start = new Int32Array(taskCount + 1);
  for (const i of kept) start[taskIndex[answers.task[i]!]! + 1]!++;
  for (let t = 0; t < taskCount; t++) start[t + 1] = start[t + 1]! + start[t]!;
  const next = start.slice(0, taskCount);
  const task = new Int32Array(kept.length);
  const worker = new Int32Array(kept.length);
  const label = new Int32Array(kept.length);
  for (const i of kept) {
    const t = taskIndex[answers.task[i]!]!;
    const at = next[t]!++;
    task[at] = t;
    worker[at] = workerIndex[answers.worker[i]!]!;
    label[at] = answers.label[i]!;
  }
  const goldOut = new Int32Array(taskCount).fill(-1);
  let goldCount = 0;
  for (const [t, k] of gold) {
    const u = taskIndex[t]!;
    if (u >= 0) {
      goldOut[u] = k;
      goldCount++;
    }
  }
  const half = new Uint8Array(taskCount);
  const random = mulberry32(0x5eed);
  for (let t = 0; t < taskCount; t++) half[t] = random() < 0.5 ? 1 : 0;
  return {
    name,
    classCount: answers.classCount,
    taskCount,
    workerCount,
    start,
    task,
    worker,
    label,
    gold: goldOut,
    goldCount,
    half,
    duplicatesDropped,
    tasksDropped: answers.taskCount - taskCount,
  };
}

/** The online engine's settings: the worker prior, the refit schedule and the stopping rule. */
export interface EngineSettings {
  /** Prior accuracy and strength of a new worker (createOnlinePosterior). */
  priorAccuracy: number;
  priorStrength: number;
  /** Refit once `refitEvery` judgments and `refitGrowth` × the judgments at the last refit have arrived since it. */
  refitEvery: number;
  refitGrowth: number;
  /** Empirical-Bayes worker prior at each refit (refitOnlinePosterior's pooledPriorStrength); undefined: fixed prior. */
  pooledPriorStrength?: number | undefined;
  /** EM iterations per refit (Dawid-Skene default 100). */
  refitMaxIterations?: number | undefined;
}

/**
 * Dynamic overlap: at least `min`, at most `max` (Infinity: every answer the dataset has); in
 * between, until the leader reaches `target`, or, when `minGain` is set, until one or two more
 * judgments of a typical annotator are expected to raise the task's accuracy by less than
 * `minGain` each (core's `isSettled` on `stoppingEvidence`, as the live engine decides).
 */
export interface DynamicPolicy {
  min: number;
  max: number;
  target: number;
  minGain?: number | undefined;
  /** How the posterior is calibrated before a judgment is valued (default core's `STOPPING_CALIBRATION`). */
  calibration?: Calibration | undefined;
  /**
   * A project-level budget controller: `minGain` is only the starting point; each time a task
   * closes, log(min gain) moves by `rate` × (judgments of the closed tasks per task − `perTask`),
   * so the threshold rises while spending runs ahead of the budget and falls while it lags.
   */
  budget?: { perTask: number; rate: number } | undefined;
  /** Never stop (before `max`) while the most-voted labels tie in raw votes, whatever the posterior says. */
  voteTieContinues?: boolean | undefined;
  /** With `voteTieContinues`: only while the closed tasks have used at most this many judgments each on average. */
  voteTieBudget?: number | undefined;
  /**
   * Which posterior the stopping rule values: "worker" (default), the online posterior with each
   * annotator's own confusion; "crowd", the task's votes read through the crowd's average
   * confusion (every annotator alike), which does not let a judged-better annotator outvote a
   * disagreeing one before their difference is known.
   */
  stopOn?: "worker" | "crowd" | undefined;
  /**
   * Which annotator's confusion values the next judgment: "crowd" (default), the typical
   * annotator's (the worker prior, as the live engine does); "last", the confusion of the
   * annotator who gave the task's latest judgment (gold-informed when `control` is set).
   */
  valueWith?: "crowd" | "last" | undefined;
  /** Control (gold) tasks served as the product serves them; none when unset. */
  control?: ControlPlan | undefined;
}

/**
 * Control tasks, as the product serves gold (core's `shouldServeGold` on the project's
 * `goldPolicy`; storage's `nextGoldTask`): a fixed random set of the TUNING half's gold tasks
 * (never a scored-half task) leaves the queue; an annotator's next task is a control task when
 * `shouldServeGold(share, onboarding)` says so and one they answered in the dataset is left (any
 * number of annotators may answer one, up to `overlap`); the engine credits each control answer to
 * the annotator exactly (`addJudgment` with `known`, as `assessJudgment` does live) and every
 * refit sees the control tasks' gold (the live refit clamps gold). A control task is served only
 * to an annotator who still has queue work (one who has none has left the project). Its
 * judgments are paid: `ReplayOutcome.controlUsed` holds them.
 */
export interface ControlPlan {
  /** Control tasks as a share of all tasks (capped at half the tuning half's gold tasks). */
  fraction: number;
  /** goldPolicy.share: the chance that an annotator's next task is a control task. */
  share: number;
  /** goldPolicy.onboarding: each annotator's first tasks are control tasks. Default 0. */
  onboarding?: number | undefined;
  /** Most judgments one control task takes. Default: no limit (the product's). */
  overlap?: number | undefined;
  /** Credit control answers to the annotator at once (default true) and pass the gold to refits (default true). */
  credit?: boolean | undefined;
  refitWithGold?: boolean | undefined;
}

/**
 * The control tasks of `data` for `fraction`: a fixed random draw among the tuning half's gold
 * tasks, at most half of them (the rest stay to tune and check settings on).
 */
export function controlTasks(data: ReplayData, fraction: number): Uint8Array {
  const candidates = Int32Array.from(
    Array.from({ length: data.taskCount }, (_, t) => t).filter((t) => data.gold[t]! >= 0 && data.half[t] === 1),
  );
  shuffleInPlace(candidates, mulberry32(0x601d));
  const control = new Uint8Array(data.taskCount);
  const count = Math.min(Math.floor(candidates.length / 2), Math.round(fraction * data.taskCount));
  for (let i = 0; i < count; i++) control[candidates[i]!] = 1;
  return control;
}

export interface ReplayOutcome {
  /** Judgments used per task. */
  used: Int32Array;
  /** Per task, the engine's label when it stopped serving the task (or when its answers ran out). */
  atStop: Int32Array;
  /** Per task, the engine's confidence in `atStop` at that moment. */
  confidenceAtStop: Float64Array;
  /** The engine's labels after a final refit on everything collected. */
  final: Int32Array;
  /** Indices of the answers served, in serving order (control tasks' included). */
  served: Int32Array;
  refits: number;
  /** Per task, 1 for a control task (all 0 without `control`); `used` counts their judgments too. */
  control: Uint8Array;
}

/** Judgments per queue task: on queue tasks only, and all-in (control tasks' judgments spread over the queue tasks). */
export function judgmentsPerTask(outcome: Pick<ReplayOutcome, "used" | "control">): { queue: number; allIn: number } {
  let queue = 0;
  let control = 0;
  let tasks = 0;
  for (let t = 0; t < outcome.used.length; t++) {
    if (outcome.control[t]) control += outcome.used[t]!;
    else {
      queue += outcome.used[t]!;
      tasks++;
    }
  }
  return { queue: queue / tasks, allIn: (queue + control) / tasks };
}

/** Seeded arrival order: a random queue order of the tasks and a random stream of annotator arrivals. */
interface Arrivals {
  /** Per worker, their answers sorted by the queue position of the task. */
  workerStart: Int32Array;
  workerAnswers: Int32Array;
  /** One arrival per answer in the dataset, in arrival order (worker indices). */
  stream: Int32Array;
}

function arrivals(data: ReplayData, seed: number): Arrivals {
  const random = mulberry32(seed);
  const queue = Int32Array.from({ length: data.taskCount }, (_, t) => t);
  shuffleInPlace(queue, random);
  const workerStart = new Int32Array(data.workerCount + 1);
  for (const w of data.worker) workerStart[w + 1]!++;
  for (let w = 0; w < data.workerCount; w++) workerStart[w + 1] = workerStart[w + 1]! + workerStart[w]!;
  const next = workerStart.slice(0, data.workerCount);
  const workerAnswers = new Int32Array(data.worker.length);
  // Walk answers in queue order so each worker's list comes out sorted by queue position.
  for (const t of queue)
    for (let a = data.start[t]!; a < data.start[t + 1]!; a++) workerAnswers[next[data.worker[a]!]!++] = a;
  const stream = Int32Array.from(data.worker);
  shuffleInPlace(stream, random);
  return { workerStart, workerAnswers, stream };
}

/**
 * Serves the dataset to an engine. Annotators arrive in a seeded random stream (each worker once
 * per answer they gave); an arriving annotator gets the oldest open task (seeded random queue
 * order) that they answered in the dataset and have not done yet, as the assignment engine does
 * (priority, deadline, age); if there is none, they leave. A task closes when `onJudgment`
 * returns true; `afterJudgment` may close open tasks (after a refit). A worker leaves only when
 * none of their remaining answers is on an open task, and closed tasks never reopen (as in the
 * product: a refit rewrites labels and confidences, not task status), so every task that stays
 * open gets all of its answers.
 */
function serve(
  data: ReplayData,
  seed: number,
  onJudgment: (answer: number) => boolean,
  afterJudgment?: (servedCount: number, open: Uint8Array) => void,
  control?: { tasks: Uint8Array; plan: ControlPlan; onControl: (answer: number) => void },
): { used: Int32Array; served: Int32Array } {
  const { workerStart, workerAnswers, stream } = arrivals(data, seed);
  const pointer = workerStart.slice(0, data.workerCount);
  const open = new Uint8Array(data.taskCount).fill(1);
  const used = new Int32Array(data.taskCount);
  const served = new Int32Array(data.worker.length);
  // Control tasks leave the queue; each worker walks their own control answers in queue order.
  const controlPointer = workerStart.slice(0, data.workerCount);
  const servedTo = new Int32Array(data.workerCount);
  const goldPolicy = { share: control?.plan.share ?? 0, onboarding: control?.plan.onboarding ?? 0 };
  const controlCap = control?.plan.overlap ?? Number.POSITIVE_INFINITY;
  if (control) for (let t = 0; t < data.taskCount; t++) if (control.tasks[t]) open[t] = 0;
  let servedCount = 0;
  for (const w of stream) {
    let p = pointer[w]!;
    const end = workerStart[w + 1]!;
    while (p < end && !open[data.task[workerAnswers[p]!]!]) p++;
    pointer[w] = p;
    if (p === end) continue;
    if (control && shouldServeGold(goldPolicy, w, servedTo[w]!)) {
      let c = controlPointer[w]!;
      while (
        c < end &&
        !(control.tasks[data.task[workerAnswers[c]!]!] && used[data.task[workerAnswers[c]!]!]! < controlCap)
      )
        c++;
      controlPointer[w] = c;
      if (c < end) {
        const a = workerAnswers[c]!;
        controlPointer[w] = c + 1;
        used[data.task[a]!]!++;
        servedTo[w]!++;
        served[servedCount++] = a;
        control.onControl(a);
        afterJudgment?.(servedCount, open);
        continue;
      }
    }
    const a = workerAnswers[p]!;
    pointer[w] = p + 1;
    const t = data.task[a]!;
    used[t]!++;
    servedTo[w]!++;
    served[servedCount++] = a;
    if (onJudgment(a)) open[t] = 0;
    afterJudgment?.(servedCount, open);
  }
  return { used, served: served.subarray(0, servedCount) };
}

/** Fixed overlap k: each task takes the first k annotators who arrive for it. */
export function replayFixed(data: ReplayData, seed: number, k: number): { used: Int32Array; served: Int32Array } {
  const count = new Int32Array(data.taskCount);
  return serve(data, seed, (a) => {
    const t = data.task[a]!;
    count[t]!++;
    return count[t]! >= k || count[t] === data.start[t + 1]! - data.start[t]!;
  });
}

/** Dynamic overlap with the online engine (fresh state, periodic refits). */
export function replayDynamic(
  data: ReplayData,
  seed: number,
  engine: EngineSettings,
  policy: DynamicPolicy,
): ReplayOutcome {
  const K = data.classCount;
  const state: OnlinePosteriorState = createOnlinePosterior({
    classCount: K,
    priorAccuracy: engine.priorAccuracy,
    priorStrength: engine.priorStrength,
  });
  const atStop = new Int32Array(data.taskCount);
  const confidenceAtStop = new Float64Array(data.taskCount);
  const judgments = new Int32Array(data.taskCount);
  const available = (t: number) => data.start[t + 1]! - data.start[t]!;
  let minGain = policy.minGain;
  let closedJudgments = 0;
  let closedTasks = 0;
  const closed = (t: number): void => {
    closedJudgments += judgments[t]!;
    closedTasks++;
    if (!policy.budget || minGain === undefined) return;
    minGain *= Math.exp(policy.budget.rate * (closedJudgments / closedTasks - policy.budget.perTask));
  };
  const votes = new Int32Array(data.taskCount * K);
  const voteTie = (t: number): boolean => {
    let first = -1;
    let second = -1;
    for (let k = 0; k < K; k++) {
      const v = votes[t * K + k]!;
      if (v > first) [first, second] = [v, first];
      else if (v > second) second = v;
    }
    return first === second;
  };
  const crowdRow = new Float64Array(K);
  const crowdLogPosterior = (t: number): Float64Array => {
    for (let k = 0; k < K; k++) {
      let total = 0;
      for (let l = 0; l < K; l++) total += state.workerPrior[k * K + l]!;
      let score = state.classLogPriors[k]!;
      for (let l = 0; l < K; l++) score += votes[t * K + l]! * Math.log(state.workerPrior[k * K + l]! / total);
      crowdRow[k] = score;
    }
    return crowdRow;
  };
  const lastWorker = new Int32Array(data.taskCount);
  const stops = (t: number): boolean => {
    const n = judgments[t]!;
    if (n >= Math.min(policy.max, available(t))) return true;
    const affordable =
      policy.voteTieBudget === undefined || closedTasks === 0 || closedJudgments / closedTasks <= policy.voteTieBudget;
    if (policy.voteTieContinues && affordable && voteTie(t)) return false;
    if (minGain === undefined) return n >= policy.min && onlineTaskStatus(state, t).confidence >= policy.target;
    // The live engine's rule with the live engine's inputs: the task's log-posterior and the
    // typical annotator's counts (here the worker prior, there the crowd prior), through core's
    // `stoppingEvidence` and `isSettled`.
    const evidence = stoppingEvidence(
      policy.stopOn === "crowd" ? crowdLogPosterior(t) : state.taskLogPosterior.subarray(t * K, t * K + K),
      policy.valueWith === "last"
        ? state.confusionCounts.subarray(lastWorker[t]! * K * K, (lastWorker[t]! + 1) * K * K)
        : state.workerPrior,
      policy.calibration,
    );
    return isSettled({
      policy: { mode: "dynamic", min: policy.min, max: policy.max, target: policy.target, minGain },
      judgmentCount: n,
      confidence: 0,
      ...evidence,
    });
  };
  const refitOptions = {
    ...(engine.refitMaxIterations === undefined ? {} : { maxIterations: engine.refitMaxIterations }),
    ...(engine.pooledPriorStrength === undefined ? {} : { pooledPriorStrength: engine.pooledPriorStrength }),
  };
  const plan = policy.control;
  const control = plan ? controlTasks(data, plan.fraction) : new Uint8Array(data.taskCount);
  /** The control tasks answered so far and their gold, as each refit sees them. */
  const gold = new Map<number, number>();
  const refit = () =>
    refitOnlinePosterior(
      state,
      gold.size > 0 && plan?.refitWithGold !== false ? { ...refitOptions, gold } : refitOptions,
    );
  const onControl = (a: number): void => {
    const t = data.task[a]!;
    addJudgment(state, t, data.worker[a]!, data.label[a]!, plan?.credit === false ? undefined : data.gold[t]!);
    gold.set(t, data.gold[t]!);
  };
  let lastRefit = 0;
  let refits = 0;
  const { used, served } = serve(
    data,
    seed,
    (a) => {
      const t = data.task[a]!;
      const status = addJudgment(state, t, data.worker[a]!, data.label[a]!);
      lastWorker[t] = data.worker[a]!;
      judgments[t]!++;
      votes[t * K + data.label[a]!]!++;
      atStop[t] = status.label;
      confidenceAtStop[t] = status.confidence;
      const stop = stops(t);
      if (stop) closed(t);
      return stop;
    },
    (n, openTasks) => {
      if (n - lastRefit < Math.max(engine.refitEvery, engine.refitGrowth * lastRefit)) return;
      refit();
      refits++;
      lastRefit = n;
      for (let t = 0; t < data.taskCount; t++) {
        if (!openTasks[t] || judgments[t] === 0) continue;
        const status = onlineTaskStatus(state, t);
        atStop[t] = status.label;
        confidenceAtStop[t] = status.confidence;
        if (stops(t)) {
          openTasks[t] = 0;
          closed(t);
        }
      }
    },
    plan && { tasks: control, plan, onControl },
  );
  refit();
  const final = new Int32Array(data.taskCount);
  for (let t = 0; t < data.taskCount; t++) final[t] = onlineTaskStatus(state, t).label;
  return { used, atStop, confidenceAtStop, final, served, refits, control };
}

/** The served answers as EncodedAnswers, for offline methods. */
export function servedAnswers(data: ReplayData, served: ArrayLike<number>): EncodedAnswers {
  return {
    taskCount: data.taskCount,
    workerCount: data.workerCount,
    classCount: data.classCount,
    task: Int32Array.from(served, (a) => data.task[a]!),
    worker: Int32Array.from(served, (a) => data.worker[a]!),
    label: Int32Array.from(served, (a) => data.label[a]!),
    taskIds: [],
    workerIds: [],
    classes: [],
  };
}

export function meanUsed(used: Int32Array): number {
  let total = 0;
  for (const n of used) total += n;
  return total / used.length;
}

/** Majority vote (ties to the first label in sorted order) and Dawid-Skene (defaults) on the served answers. */
export function offlineLabels(data: ReplayData, served: ArrayLike<number>): { mv: Int32Array; ds: Int32Array } {
  const answers = servedAnswers(data, served);
  return { mv: majorityVoteByTask(answers).label, ds: dawidSkene(answers).label };
}
