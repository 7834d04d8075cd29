import { describe, expect, it } from "vitest";
import { encodeAnswers } from "./answers.js";
import { majorityVoteByTask } from "./majority-vote.js";
import { simulateAnswers } from "./simulate-answers.js";
import { wawa } from "./wawa.js";

describe("wawa", () => {
  it("weighs each worker by their agreement with the majority vote", () => {
    // t4 is a 1-1 tie, which majority vote gives to "x"; a agrees with the majority far more than c.
    const rows = [
      ["t1", "a", "x"],
      ["t1", "b", "x"],
      ["t1", "c", "y"],
      ["t2", "a", "y"],
      ["t2", "b", "y"],
      ["t2", "c", "x"],
      ["t3", "a", "y"],
      ["t3", "b", "y"],
      ["t3", "c", "x"],
      ["t4", "a", "y"],
      ["t4", "c", "x"],
    ];
    const answers = encodeAnswers(rows.map(([task = "", worker = "", label = ""]) => ({ task, worker, label })));
    const result = wawa(answers);
    expect(Array.from(result.workerAccuracy)).toEqual([0.75, 1, 0.25]);
    expect(answers.classes[majorityVoteByTask(answers).label[3]!]).toBe("x");
    expect(answers.classes[result.label[3]!]).toBe("y");
    expect(result.confidence[3]).toBeCloseTo(0.75, 12);
  });

  it("is at least as accurate as majority vote on a crowd with spammers", () => {
    const sim = simulateAnswers({
      taskCount: 600,
      workerCount: 30,
      classCount: 3,
      answersPerTask: 4,
      spammerShare: 0.3,
      seed: 3,
    });
    const score = (label: Int32Array) => label.reduce((n, k, t) => n + (k === sim.truth[t] ? 1 : 0), 0);
    expect(score(wawa(sim.answers).label)).toBeGreaterThan(score(majorityVoteByTask(sim.answers).label));
  });
});
