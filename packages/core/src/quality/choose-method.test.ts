import { describe, expect, it } from "vitest";
import { chooseMethod, runCandidate, SPARSE_ANSWERS_PER_CELL } from "./choose-method.js";
import { simulateAnswers } from "./simulate-answers.js";
import { scoreAgainstGold } from "./task-posteriors.js";

function goldOf(truth: Int32Array, every: number): Map<number, number> {
  const gold = new Map<number, number>();
  for (let t = 0; t < truth.length; t += every) gold.set(t, truth[t]!);
  return gold;
}

describe("chooseMethod", () => {
  // Many spammers: majority vote is clearly the wrong choice here.
  const sim = simulateAnswers({
    taskCount: 800,
    workerCount: 40,
    classCount: 3,
    answersPerTask: 5,
    spammerShare: 0.4,
    seed: 21,
  });
  const truth = new Map(Array.from(sim.truth, (k, t) => [t, k] as [number, number]));

  it("with gold, picks the candidate with the best held-out gold accuracy", () => {
    const gold = goldOf(sim.truth, 4);
    const choice = chooseMethod(sim.answers, { gold, candidates: ["mv", "wawa", "ds", "wmv"] });
    expect(choice.by).toBe("gold");
    const best = Math.max(...Object.values(choice.scores));
    expect(choice.scores[choice.method]).toBe(best);
    expect(choice.method).not.toBe("mv");
    expect(scoreAgainstGold(runCandidate(choice.method, sim.answers, gold).label, truth).accuracy).toBeGreaterThan(
      scoreAgainstGold(runCandidate("mv", sim.answers).label, truth).accuracy,
    );
  });

  it("without enough gold, follows the rule by answers per worker per confusion cell, and beats majority vote", () => {
    const dense = chooseMethod(sim.answers, { gold: goldOf(sim.truth, 100) });
    expect(dense).toMatchObject({ method: "ds", by: "rule" });
    expect(sim.answers.task.length / 40 / 9).toBeGreaterThan(SPARSE_ANSWERS_PER_CELL);
    const accuracy = (method: Parameters<typeof runCandidate>[0], s: ReturnType<typeof simulateAnswers>) =>
      scoreAgainstGold(
        runCandidate(method, s.answers).label,
        new Map(Array.from(s.truth, (k, t) => [t, k] as [number, number])),
      ).accuracy;
    expect(accuracy("ds", sim)).toBeGreaterThan(accuracy("mv", sim));
    // 5 classes, 30 workers with 80 answers each: 3.2 per cell.
    const sparse = simulateAnswers({
      taskCount: 600,
      workerCount: 30,
      classCount: 5,
      answersPerTask: 4,
      spammerShare: 0.2,
      seed: 4,
    });
    expect(chooseMethod(sparse.answers)).toMatchObject({ method: "ds-laplace", by: "rule" });
    expect(accuracy("ds-laplace", sparse)).toBeGreaterThan(accuracy("mv", sparse));
    // 300 workers with 8 answers each: 0.3 per cell, where Dawid-Skene's matrices are all prior.
    const verySparse = simulateAnswers({
      taskCount: 600,
      workerCount: 300,
      classCount: 5,
      answersPerTask: 4,
      spammerShare: 0.3,
      seed: 4,
    });
    expect(chooseMethod(verySparse.answers)).toMatchObject({ method: "onecoin", by: "rule" });
    expect(accuracy("onecoin", verySparse)).toBeGreaterThan(accuracy("mv", verySparse));
    expect(accuracy("onecoin", verySparse)).toBeGreaterThan(accuracy("ds-laplace", verySparse));
  });
});
