import { describe, expect, it } from "vitest";
import { encodeAnswers } from "./answers.js";
import { dawidSkene } from "./dawid-skene.js";
import { glad } from "./glad.js";
import { mace } from "./mace.js";
import { majorityVoteByTask } from "./majority-vote.js";
import { oneCoinDawidSkene } from "./one-coin-dawid-skene.js";
import { simulateAnswers } from "./simulate-answers.js";

function accuracy(label: Int32Array, truth: Int32Array): number {
  let correct = 0;
  for (let t = 0; t < truth.length; t++) if (label[t] === truth[t]) correct++;
  return correct / truth.length;
}

describe("dawidSkene", () => {
  it("recovers a perfect annotator's answers among noisy ones and learns their confusion matrix", () => {
    // One perfect worker answers every task; 6 others at 55-70% answer 2 tasks each.
    const sim = simulateAnswers({
      taskCount: 300,
      workerCount: 6,
      classCount: 3,
      answersPerTask: 2,
      accuracy: { min: 0.55, max: 0.7 },
      seed: 7,
    });
    const rows = [];
    for (let i = 0; i < sim.answers.task.length; i++) {
      rows.push({
        task: `t${sim.answers.task[i]}`,
        worker: `w${sim.answers.worker[i]! + 1}`,
        label: `c${sim.answers.label[i]}`,
      });
    }
    for (let t = 0; t < 300; t++) rows.push({ task: `t${t}`, worker: "perfect", label: `c${sim.truth[t]}` });
    const answers = encodeAnswers(rows, ["c0", "c1", "c2"]);
    const truth = Int32Array.from(answers.taskIds, (id) => sim.truth[Number(id.slice(1))]!);
    const result = dawidSkene(answers);
    // EM is a local method: started from the majority vote, it keeps ~3% of the tasks where
    // the two noisy workers agreed against the perfect one (a self-consistent local optimum).
    const mv = accuracy(majorityVoteByTask(answers).label, truth);
    expect(accuracy(result.label, truth)).toBeGreaterThan(0.95);
    expect(accuracy(result.label, truth)).toBeGreaterThan(mv + 0.1);
    const perfect = answers.workerIds.indexOf("perfect");
    expect(Math.max(...result.workerAccuracy)).toBe(result.workerAccuracy[perfect]);
    expect(result.workerAccuracy[perfect]).toBeGreaterThan(0.9);
    expect(result.converged).toBe(true);
  });

  it("beats majority vote when workers differ in skill, and never lowers its objective much", () => {
    const sim = simulateAnswers({
      taskCount: 2000,
      workerCount: 40,
      classCount: 4,
      answersPerTask: 5,
      accuracy: { min: 0.35, max: 0.95 },
      spammerShare: 0.2,
      seed: 11,
    });
    const mv = accuracy(majorityVoteByTask(sim.answers, { seed: 1 }).label, sim.truth);
    const ds = dawidSkene(sim.answers);
    expect(accuracy(ds.label, sim.truth)).toBeGreaterThan(mv + 0.03);
    expect(ds.iterations).toBeGreaterThan(1);
    // Log-likelihood is reported and finite; more iterations never give a worse one here.
    const shorter = dawidSkene(sim.answers, { maxIterations: 2 });
    expect(ds.logLikelihood).toBeGreaterThan(shorter.logLikelihood);
    expect(shorter.iterations).toBe(2);
    expect(shorter.converged).toBe(false);
  });

  it("clamps gold tasks to their known class and uses them to learn the workers", () => {
    // An honest and an adversarial worker answer every task, always disagreeing: the answers
    // alone cannot say who is right. Six gold tasks can.
    const rows = [];
    for (let t = 0; t < 50; t++) {
      rows.push(
        { task: `t${t}`, worker: "honest", label: `${t % 2}` },
        { task: `t${t}`, worker: "adversary", label: `${1 - (t % 2)}` },
      );
    }
    const answers = encodeAnswers(rows);
    const truth = Int32Array.from({ length: 50 }, (_, t) => t % 2);
    const unsupervised = dawidSkene(answers);
    expect(Math.max(...unsupervised.confidence)).toBeLessThan(0.51);
    const gold = new Map([0, 1, 2, 3, 4, 5].map((t) => [t, t % 2] as const));
    const result = dawidSkene(answers, { gold });
    for (const [t, c] of gold) expect([result.label[t], result.confidence[t]]).toEqual([c, 1]);
    expect(accuracy(result.label, truth)).toBe(1);
    expect(result.confusion[answers.workerIds.indexOf("adversary") * 4 + 1]).toBeGreaterThan(0.99);
  });

  it("handles tasks without answers (prior) and a single class", () => {
    const answers = { ...encodeAnswers([{ task: "a", worker: "w", label: "x" }]), taskCount: 2, taskIds: ["a", "b"] };
    const result = dawidSkene(answers);
    expect(result.posterior[1]).toBe(1);
  });
});

describe("other EM methods on simulated one-coin workers", () => {
  const sim = simulateAnswers({
    taskCount: 1500,
    workerCount: 30,
    classCount: 3,
    answersPerTask: 5,
    accuracy: { min: 0.4, max: 0.95 },
    spammerShare: 0.2,
    seed: 3,
  });
  const mv = accuracy(majorityVoteByTask(sim.answers, { seed: 1 }).label, sim.truth);

  it.each([
    ["one-coin", () => oneCoinDawidSkene(sim.answers)],
    ["GLAD", () => glad(sim.answers)],
    ["MACE", () => mace(sim.answers)],
  ])("%s beats majority vote and ranks workers by their true accuracy", (_name, fit) => {
    const result = fit();
    expect(accuracy(result.label, sim.truth)).toBeGreaterThan(mv + 0.02);
    expect(result.iterations).toBeGreaterThan(0);
    expect(Number.isFinite(result.logLikelihood)).toBe(true);
    // Rank correlation between estimated and true worker accuracy.
    const rank = (values: ArrayLike<number>) => {
      const order = Array.from(values, (v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
      const ranks = new Float64Array(values.length);
      order.forEach(([, i], r) => {
        ranks[i] = r;
      });
      return ranks;
    };
    const a = rank(result.workerAccuracy);
    const b = rank(sim.workerAccuracy);
    const n = a.length;
    let d2 = 0;
    for (let i = 0; i < n; i++) d2 += (a[i]! - b[i]!) ** 2;
    expect(1 - (6 * d2) / (n * (n * n - 1))).toBeGreaterThan(0.8);
  });

  it("MACE flags spammers with a high spamming probability", () => {
    const result = mace(sim.answers);
    for (let w = 0; w < sim.answers.workerCount; w++) {
      if (sim.workerAccuracy[w] === 1 / 3) expect(result.spamProbability[w]).toBeGreaterThan(0.6);
    }
  });

  it("MACE random restarts are reproducible and keep the best run", () => {
    const a = mace(sim.answers, { restarts: 2, seed: 5, maxIterations: 20 });
    const b = mace(sim.answers, { restarts: 2, seed: 5, maxIterations: 20 });
    expect(Array.from(a.label)).toEqual(Array.from(b.label));
  });

  it("GLAD gives easy tasks (unanimous) a larger inverse difficulty than contested ones", () => {
    const result = glad(sim.answers);
    const unanimous: number[] = [];
    const split: number[] = [];
    const votes = majorityVoteByTask(sim.answers);
    for (let t = 0; t < sim.answers.taskCount; t++)
      (votes.confidence[t] === 1 ? unanimous : split).push(result.inverseDifficulty[t]!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(unanimous)).toBeGreaterThan(mean(split));
  });
});
