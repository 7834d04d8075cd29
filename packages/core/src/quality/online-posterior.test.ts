import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyJudgment } from "../policy/posterior-update.js";
import { dawidSkene } from "./dawid-skene.js";
import {
  addJudgment,
  createOnlinePosterior,
  onlineTaskPosterior,
  onlineTaskStatus,
  refitOnlinePosterior,
  shouldStop,
} from "./online-posterior.js";
import { simulateAnswers } from "./simulate-answers.js";

describe("online posterior", () => {
  it("updates a task from a new worker's prior confusion matrix, and credits the worker leave-one-out", () => {
    const state = createOnlinePosterior({ classCount: 2, priorAccuracy: 0.7, priorStrength: 4 });
    const status = addJudgment(state, 0, 0, 1);
    expect(status).toEqual({ label: 1, confidence: expect.closeTo(0.7, 12), judgments: 1 });
    // The task was 50/50 before this judgment: each row of column 1 gains 0.5.
    const counts = Array.from(state.confusionCounts.subarray(0, 4));
    for (const [i, expected] of [2.8, 1.2 + 0.5, 1.2, 2.8 + 0.5].entries()) expect(counts[i]).toBeCloseTo(expected, 12);
    const second = addJudgment(state, 0, 1, 1);
    expect(second.confidence).toBeCloseTo(0.49 / (0.49 + 0.09), 12);
    expect(onlineTaskStatus(state, 99)).toEqual({ label: 0, confidence: 0.5, judgments: 0 });
  });

  it("credits a gold judgment exactly, as the live engine does, so gold tells a contrarian from a good worker", () => {
    const state = createOnlinePosterior({ classCount: 2, priorAccuracy: 0.7, priorStrength: 4 });
    // Worker 0 answers 1 on ten gold tasks whose truth is 0: each answer is one count in row 0, column 1.
    for (let t = 0; t < 10; t++) addJudgment(state, t, 0, 1, 0);
    const counts = Array.from(state.confusionCounts.subarray(0, 4));
    for (const [i, expected] of [2.8, 1.2 + 10, 1.2, 2.8].entries()) expect(counts[i]).toBeCloseTo(expected, 12);
    // The same answers without gold would credit the worker with the task's 50/50 posterior instead.
    const blind = createOnlinePosterior({ classCount: 2, priorAccuracy: 0.7, priorStrength: 4 });
    for (let t = 0; t < 10; t++) addJudgment(blind, t, 0, 1);
    expect(blind.confusionCounts[1]).toBeCloseTo(1.2 + 5, 12);
    // The gold-calibrated worker's "1" on a new task now points to class 0; the blind one's to 1.
    expect(addJudgment(state, 100, 0, 1).label).toBe(0);
    expect(addJudgment(blind, 100, 0, 1).label).toBe(1);
    // Same credit as applyJudgment with `known`.
    const live = applyJudgment({ taskLogPosterior: [0, 0], workerCounts: [2.8, 1.2, 1.2, 2.8], label: 1, known: 0 });
    const online = createOnlinePosterior({ classCount: 2, priorAccuracy: 0.7, priorStrength: 4 });
    addJudgment(online, 0, 0, 1, 0);
    expect(Array.from(online.confusionCounts.subarray(0, 4))).toEqual(
      live.workerCounts.map((c) => expect.closeTo(c, 12)),
    );
    expect(() => addJudgment(online, 1, 0, 1, 2)).toThrow();
  });

  it("grows to any task and worker index and rejects bad input", () => {
    const state = createOnlinePosterior({ classCount: 3 });
    addJudgment(state, 5000, 300, 2);
    expect(state.taskCount).toBe(5001);
    expect(state.workerCount).toBe(301);
    expect(onlineTaskStatus(state, 5000).label).toBe(2);
    expect(() => addJudgment(state, -1, 0, 0)).toThrow();
    expect(() => addJudgment(state, 0, 0, 3)).toThrow();
    expect(() => createOnlinePosterior({ classCount: 0 })).toThrow();
  });

  it("refit runs Dawid-Skene on everything received and continues from its estimates", () => {
    const sim = simulateAnswers({
      taskCount: 400,
      workerCount: 20,
      classCount: 3,
      answersPerTask: 4,
      spammerShare: 0.25,
      seed: 5,
    });
    const state = createOnlinePosterior({ classCount: 3 });
    const { task, worker, label } = sim.answers;
    for (let i = 0; i < task.length; i++) addJudgment(state, task[i]!, worker[i]!, label[i]!);
    const fit = refitOnlinePosterior(state);
    const direct = dawidSkene(sim.answers, { confusionPrior: state.workerPrior, stopping: "likelihood" });
    expect(Array.from(fit.posterior)).toEqual(Array.from(direct.posterior));
    for (const t of [0, 17, 399]) {
      const posterior = onlineTaskPosterior(state, t);
      for (let k = 0; k < 3; k++) expect(posterior[k]).toBeCloseTo(fit.posterior[t * 3 + k]!, 9);
    }
    // A new task: a trusted worker's judgment now weighs more than a spammer's.
    let best = 0;
    let worst = 0;
    for (let w = 0; w < 20; w++) {
      if (fit.workerAccuracy[w]! > fit.workerAccuracy[best]!) best = w;
      if (fit.workerAccuracy[w]! < fit.workerAccuracy[worst]!) worst = w;
    }
    const trusted = addJudgment(state, 1000, best, 0).confidence;
    const doubted = addJudgment(state, 1001, worst, 0).confidence;
    expect(trusted).toBeGreaterThan(doubted);
  });

  it("refit with pooledPriorStrength makes every worker start from the crowd's average confusion", () => {
    // 3 classes, 60 tasks (truth t % 3), 8 workers answering every task: true class 0 is
    // answered 1 on every other task, classes 1 and 2 always right.
    const K = 3;
    const state = createOnlinePosterior({ classCount: K });
    const fixedPrior = Array.from(state.workerPrior);
    for (let t = 0; t < 60; t++)
      for (let w = 0; w < 8; w++) {
        const truth = t % 3;
        addJudgment(state, t, w, truth === 0 && (t + w) % 2 === 0 ? 1 : truth);
      }
    const plain = createOnlinePosterior({ classCount: K });
    for (let i = 0; i < state.log.length; i++)
      addJudgment(plain, state.log.task[i]!, state.log.worker[i]!, state.log.label[i]!);
    refitOnlinePosterior(plain);
    expect(Array.from(plain.workerPrior)).toEqual(fixedPrior);

    refitOnlinePosterior(state, { pooledPriorStrength: 6 });
    const prior = Array.from(state.workerPrior);
    for (let k = 0; k < K; k++) expect(prior[k * K]! + prior[k * K + 1]! + prior[k * K + 2]!).toBeCloseTo(6, 9);
    // Row 0 (true class 0) puts real weight on answer 1, none to speak of on answer 2.
    expect(prior[1]! / 6).toBeGreaterThan(0.3);
    expect(prior[1]!).toBeGreaterThan(3 * prior[2]!);
    // Classes 1 and 2 are answered right far more often than the fixed 0.7 prior says.
    expect(prior[1 * K + 1]! / 6).toBeGreaterThan(0.8);
    // A newcomer's "1" is now weak evidence against class 0; with the fixed prior it was strong.
    const pooledSays = addJudgment(state, 100, 50, 1);
    const fixedSays = addJudgment(plain, 100, 50, 1);
    const pooledPosterior = onlineTaskPosterior(state, 100);
    const fixedPosterior = onlineTaskPosterior(plain, 100);
    expect(pooledPosterior[0]!).toBeGreaterThan(fixedPosterior[0]! + 0.1);
    expect(pooledSays.label).toBe(1);
    expect(fixedSays.label).toBe(1);
    // The newcomer's counts were the pooled prior: their row totals equal the strength (plus one credit).
    let total = 0;
    for (let k = 0; k < K; k++) total += state.confusionRowTotals[50 * K + k]!;
    expect(total).toBeCloseTo(3 * 6 + 1, 9);
    expect(() => refitOnlinePosterior(state, { pooledPriorStrength: 0 })).toThrow();
  });

  it("shouldStop settles a task at max judgments, or from min on once the target is reached", () => {
    const policy = { min: 2, max: 5, target: 0.9 };
    expect(shouldStop({ judgments: 1, confidence: 0.99 }, policy)).toBe(false);
    expect(shouldStop({ judgments: 2, confidence: 0.95 }, policy)).toBe(true);
    expect(shouldStop({ judgments: 4, confidence: 0.6 }, policy)).toBe(false);
    expect(shouldStop({ judgments: 5, confidence: 0.4 }, policy)).toBe(true);
  });

  it("with only new workers, a task's posterior is the naive-Bayes product whatever the order", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 5 })
          .chain((K) => fc.tuple(fc.constant(K), fc.array(fc.nat(K - 1), { minLength: 1, maxLength: 12 }))),
        ([K, labels]) => {
          const forward = createOnlinePosterior({ classCount: K, priorAccuracy: 0.8 });
          const backward = createOnlinePosterior({ classCount: K, priorAccuracy: 0.8 });
          for (const [w, label] of labels.entries()) addJudgment(forward, 0, w, label);
          for (const [w, label] of [...labels].reverse().entries()) addJudgment(backward, 0, w, label);
          const expected = Array.from({ length: K }, (_, k) =>
            labels.reduce((product, label) => product * (label === k ? 0.8 : 0.2 / (K - 1)), 1),
          );
          const total = expected.reduce((a, b) => a + b, 0);
          const a = onlineTaskPosterior(forward, 0);
          const b = onlineTaskPosterior(backward, 0);
          for (let k = 0; k < K; k++) {
            expect(a[k]).toBeCloseTo(expected[k]! / total, 9);
            expect(b[k]).toBeCloseTo(expected[k]! / total, 9);
          }
          expect(onlineTaskStatus(forward, 0).judgments).toBe(labels.length);
        },
      ),
    );
  });
});

describe("calibrated online posterior", () => {
  it("a refit on gold calibrates the confidences the engine reports, as applyJudgment does for storage", () => {
    // Sparse, noisy 4-class crowd: the raw online posterior is overconfident.
    const sim = simulateAnswers({
      taskCount: 2000,
      workerCount: 300,
      classCount: 4,
      answersPerTask: 3,
      accuracy: { min: 0.45, max: 0.85 },
      spammerShare: 0.1,
      seed: 12,
    });
    const state = createOnlinePosterior({ classCount: 4 });
    const { task, worker, label } = sim.answers;
    for (let i = 0; i < task.length; i++) addJudgment(state, task[i]!, worker[i]!, label[i]!);
    const gold = new Map<number, number>();
    for (let t = 0; t < 2000; t += 4) gold.set(t, sim.truth[t]!);
    const gap = () => {
      let confidence = 0;
      let correct = 0;
      let n = 0;
      for (let t = 1; t < 2000; t++) {
        if (gold.has(t)) continue;
        const status = onlineTaskStatus(state, t);
        confidence += status.confidence;
        correct += status.label === sim.truth[t] ? 1 : 0;
        n++;
      }
      return (confidence - correct) / n;
    };
    refitOnlinePosterior(state, { gold });
    const before = gap();
    expect(before).toBeGreaterThan(0.08);
    refitOnlinePosterior(state, { gold, calibrateOnGold: true });
    expect(state.calibration.temperature).toBeGreaterThan(1);
    expect(Math.abs(gap())).toBeLessThan(0.04);
    // storage's per-judgment update reports the same calibrated confidence for the same state.
    const t = 1;
    const K = 4;
    const scores = Array.from({ length: K }, (_, k) => state.taskLogPosterior[t * K + k]!);
    const counts = Array.from(state.confusionCounts.subarray(0, K * K));
    const update = applyJudgment({
      taskLogPosterior: scores,
      workerCounts: counts,
      label: 0,
      calibration: state.calibration,
    });
    const raw = applyJudgment({ taskLogPosterior: scores, workerCounts: counts, label: 0 });
    expect(update.label).toBe(raw.label);
    expect(update.confidence).toBeLessThan(raw.confidence);
  });
});
