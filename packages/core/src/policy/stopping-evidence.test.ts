import { describe, expect, it } from "vitest";
import { majorityVoteByTask } from "../quality/majority-vote.js";
import { addJudgment, createOnlinePosterior, refitOnlinePosterior } from "../quality/online-posterior.js";
import { simulateAnswers } from "../quality/simulate-answers.js";
import { isSettled } from "./overlap.js";
import { STOPPING_CALIBRATION, stoppingEvidence } from "./stopping-evidence.js";

describe("stoppingEvidence", () => {
  it("normalises the log-posterior, tempers it by the stopping calibration and normalises the confusion rows", () => {
    const { posterior, confusion } = stoppingEvidence([Math.log(0.9), Math.log(0.1)], [3, 1, 2, 2]);
    const soft = 0.9 ** (1 / STOPPING_CALIBRATION.temperature);
    expect(posterior[0]).toBeCloseTo(soft / (soft + 0.1 ** (1 / STOPPING_CALIBRATION.temperature)), 12);
    expect(Array.from(confusion)).toEqual([0.75, 0.25, 0.5, 0.5]);
  });

  it("rejects counts that do not fit the classes", () => {
    expect(() => stoppingEvidence([0, 0], [1, 2, 3])).toThrow(/K×K/);
  });
});

/**
 * A 4-class crowd of known accuracy, served in rounds: every open task gets its next answer, the
 * engine refits, and each task is checked with the live engine's call (`stoppingEvidence` on its
 * log-posterior and the pooled worker prior, then `isSettled`).
 */
function dynamicRun(
  minGain: number,
  seed: number,
  crowd: { accuracy: { min: number; max: number }; spammerShare: number },
) {
  const sim = simulateAnswers({
    taskCount: 1500,
    workerCount: 60,
    classCount: 4,
    answersPerTask: 5,
    ...crowd,
    seed,
  });
  const { answers } = sim;
  const K = 4;
  const byTask: number[][] = Array.from({ length: answers.taskCount }, () => []);
  for (let i = 0; i < answers.task.length; i++) byTask[answers.task[i]!]!.push(i);
  const state = createOnlinePosterior({ classCount: K });
  const policy = { mode: "dynamic" as const, min: 2, max: 5, target: 0.9, minGain };
  const used = new Int32Array(answers.taskCount);
  const open = new Set(byTask.keys());
  for (let round = 0; round < 5 && open.size > 0; round++) {
    for (const t of open) {
      const i = byTask[t]![round]!;
      addJudgment(state, t, answers.worker[i]!, answers.label[i]!);
      used[t]!++;
    }
    refitOnlinePosterior(state, { pooledPriorStrength: 4, maxIterations: 20 });
    for (const t of [...open]) {
      const evidence = stoppingEvidence(state.taskLogPosterior.subarray(t * K, t * K + K), state.workerPrior);
      if (isSettled({ policy, judgmentCount: used[t]!, confidence: 0, ...evidence })) open.delete(t);
    }
  }
  let correct = 0;
  for (let t = 0; t < answers.taskCount; t++) {
    const row = state.taskLogPosterior.subarray(t * K, t * K + K);
    if (row.indexOf(Math.max(...row)) === sim.truth[t]) correct++;
  }
  /** Fixed overlap k: majority vote of each task's first k answers (ties to the lowest class). */
  const fixed = (k: number) => {
    const keep = byTask.flatMap((list) => list.slice(0, k));
    const subset = {
      ...answers,
      task: Int32Array.from(keep, (i) => answers.task[i]!),
      worker: Int32Array.from(keep, (i) => answers.worker[i]!),
      label: Int32Array.from(keep, (i) => answers.label[i]!),
    };
    const label = majorityVoteByTask(subset).label;
    let right = 0;
    for (let t = 0; t < answers.taskCount; t++) if (label[t] === sim.truth[t]) right++;
    return right / answers.taskCount;
  };
  const meanUsed = used.reduce((a, b) => a + b, 0) / answers.taskCount;
  return { accuracy: correct / answers.taskCount, fixedThree: fixed(3), fixedFive: fixed(5), meanUsed };
}

describe("dynamic overlap by expected gain on a simulated 4-class crowd", () => {
  it("beats fixed-3 majority vote with fewer than 2.5 judgments per task, within 3 points of fixed-5", () => {
    for (const seed of [1, 2]) {
      const run = dynamicRun(0.08, seed, { accuracy: { min: 0.7, max: 0.95 }, spammerShare: 0 });
      expect(run.meanUsed).toBeLessThan(2.5);
      expect(run.accuracy).toBeGreaterThan(run.fixedThree);
      expect(run.accuracy).toBeGreaterThan(run.fixedFive - 0.03);
    }
  });

  it("reaches fixed-5 majority vote with under 3.25 judgments per task when a quarter of the crowd is spammers", () => {
    for (const seed of [1, 2]) {
      const run = dynamicRun(0.05, seed, { accuracy: { min: 0.6, max: 0.95 }, spammerShare: 0.25 });
      expect(run.meanUsed).toBeLessThan(3.25);
      expect(run.accuracy).toBeGreaterThanOrEqual(run.fixedFive);
    }
  });
});
