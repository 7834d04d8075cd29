import type { AdmissionGate } from "./admission.js";

/** How a run of `simulateSaturatedLoop` loads the model loop. */
export interface SaturatedLoopRun {
  /** The gate under test; it must read `lag`, `random` and `now` from the functions it is given. */
  gate: (lag: () => number, random: () => number, now: () => number) => AdmissionGate;
  /** Length of one step of the model, in ms: the loop gets through this much work a step. */
  stepMs: number;
  steps: number;
  /** The gate sees the delay as production does: a mean over this window. */
  windowMs: number;
  /** Work an admitted request adds to the loop, and what answering a refusal costs. */
  costMs: number;
  refusalMs: number;
  /** Requests arriving in a step. */
  arrivals: (step: number) => number;
  /**
   * Pairs (next task, then its judgment): each admitted arrival is followed a step later by a
   * second request of the same cost, entered as `urgent` (never refused early) or not.
   */
  followUp?: { urgent: boolean };
}

/** What `simulateSaturatedLoop` saw in the second half of its run (once settled). */
export interface SaturatedLoopResult {
  /** Arrivals offered (follow-ups not counted). */
  offered: number;
  /** Each admitted request's delay (follow-ups included), sorted. */
  delays: number[];
  /** Follow-ups admitted whose first request came in the settled half: pairs completed. */
  completed: number;
}

/** Park-Miller: the same draws for every gate compared. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
}

/**
 * Admission control against a model of one saturated event loop, free of the machine's noise:
 * each admitted request adds `costMs` of work, the loop gets through `stepMs` of it a step, and
 * the work not yet done is the delay a new request meets before its handler starts.
 */
export function simulateSaturatedLoop(run: SaturatedLoopRun): SaturatedLoopResult {
  let backlogMs = 0;
  let clock = 0;
  let seen = 0;
  let sum = 0;
  const stepsPerWindow = Math.max(1, Math.round(run.windowMs / run.stepMs));
  const gate = run.gate(
    () => seen,
    seededRandom(1),
    () => clock,
  );
  const delays: number[] = [];
  let offered = 0;
  let completed = 0;
  let followUps = 0;
  const admit = (settled: boolean, urgent: boolean) => {
    if (gate.enter(urgent) !== true) {
      backlogMs += run.refusalMs;
      return false;
    }
    if (settled) delays.push(backlogMs);
    backlogMs += run.costMs;
    gate.leave(run.costMs, clock);
    return true;
  };
  for (let step = 1; step <= run.steps; step++) {
    clock += run.stepMs;
    sum += backlogMs;
    if (step % stepsPerWindow === 0) {
      seen = sum / stepsPerWindow;
      sum = 0;
    }
    const settled = step > run.steps / 2;
    let admitted = 0;
    // A pair counts when its next came in the settled half (the step before).
    const pairsSettled = step - 1 > run.steps / 2;
    for (let n = followUps; n > 0; n--) if (admit(settled, run.followUp?.urgent ?? false) && pairsSettled) completed++;
    for (let n = run.arrivals(step); n > 0; n--) {
      if (settled) offered++;
      if (admit(settled, false)) admitted++;
    }
    followUps = run.followUp ? admitted : 0;
    backlogMs = Math.max(0, backlogMs - run.stepMs);
  }
  delays.sort((a, b) => a - b);
  return { offered, delays, completed };
}
