import { describe, expect, it } from "vitest";
import { encodeAnswers } from "./answers.js";
import { majorityVoteByTask } from "./majority-vote.js";
import { weightedMajorityVoteByTask } from "./weighted-majority-vote.js";

const encoded = encodeAnswers([
  { task: "t1", worker: "a", label: "cat" },
  { task: "t1", worker: "b", label: "cat" },
  { task: "t1", worker: "c", label: "dog" },
  { task: "t2", worker: "a", label: "dog" },
  { task: "t2", worker: "b", label: "cat" },
]);

describe("majorityVoteByTask", () => {
  it("takes the most voted class, with its vote share as confidence", () => {
    const result = majorityVoteByTask(encoded);
    expect(encoded.classes).toEqual(["cat", "dog"]);
    expect(result.label[0]).toBe(0);
    expect(result.confidence[0]).toBeCloseTo(2 / 3);
    expect(Array.from(result.answerCount)).toEqual([3, 2]);
    expect(Array.from(result.workerAccuracy)).toEqual([0.5, 1, 0]);
  });

  it("breaks ties at the lowest class index, or at random with a seed (reproducibly)", () => {
    expect(majorityVoteByTask(encoded).label[1]).toBe(0);
    const picks = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const pick = majorityVoteByTask(encoded, { seed }).label[1]!;
      expect(majorityVoteByTask(encoded, { seed }).label[1]).toBe(pick);
      picks.add(pick);
    }
    expect(picks).toEqual(new Set([0, 1]));
  });
});

describe("weightedMajorityVoteByTask", () => {
  // Worker "good" is right on all 4 gold tasks, "bad" wrong on all; on task q they disagree.
  const rows = [];
  for (let i = 0; i < 4; i++) {
    rows.push({ task: `g${i}`, worker: "good", label: "yes" }, { task: `g${i}`, worker: "bad", label: "no" });
  }
  rows.push({ task: "q", worker: "good", label: "no" }, { task: "q", worker: "bad", label: "yes" });
  const answers = encodeAnswers(rows);
  const gold = new Map([0, 1, 2, 3].map((t) => [t, 1] as const)); // class 1 = "yes"

  it("trusts the worker with the better gold record and reports weights", () => {
    const result = weightedMajorityVoteByTask(answers, { gold });
    expect(answers.classes[result.label[4]!]).toBe("no");
    expect(result.confidence[4]).toBeGreaterThan(0.9);
    expect(result.workerWeight[0]).toBeGreaterThan(0);
    expect(result.workerWeight[1]).toBeLessThan(0);
    expect(Array.from(result.goldAnswers)).toEqual([4, 4]);
    // Smoothed towards the pooled accuracy (1/2 here): (4 + 2·0.5) / (4 + 2).
    expect(result.workerAccuracy[0]).toBeCloseTo(5 / 6);
  });

  it("is plain majority vote without gold answers", () => {
    const plain = weightedMajorityVoteByTask(encoded, { gold: new Map() });
    expect(Array.from(plain.label)).toEqual(Array.from(majorityVoteByTask(encoded).label));
    expect(Array.from(plain.workerWeight)).toEqual([1, 1, 1]);
    // Weights of 1: the posterior is the softmax of the vote counts (2 vs 1).
    expect(plain.confidence[0]).toBeCloseTo(Math.E / (Math.E + 1));
  });
});

describe("majority-vote ties (crowd-kit's rule)", () => {
  it("gives a tie to the first label in sorted order, numeric labels as numbers, and counts it", () => {
    const answers = encodeAnswers([
      { task: "a", worker: "w1", label: "10" },
      { task: "a", worker: "w2", label: "9" },
      { task: "b", worker: "w1", label: "10" },
      { task: "b", worker: "w2", label: "10" },
      { task: "b", worker: "w3", label: "2" },
      { task: "c", worker: "w1", label: "2" },
      { task: "c", worker: "w2", label: "9" },
      { task: "c", worker: "w3", label: "10" },
    ]);
    const result = majorityVoteByTask(answers);
    expect(answers.classes).toEqual(["2", "9", "10"]);
    expect(answers.classes[result.label[0]!]).toBe("9");
    expect(answers.classes[result.label[1]!]).toBe("10");
    expect(answers.classes[result.label[2]!]).toBe("2");
    expect(Array.from(result.tied)).toEqual([1, 0, 1]);
    expect(result.tieCount).toBe(2);
    // The same answers in another order give the same labels: the rule does not depend on order.
    const reversed = encodeAnswers(
      [...answers.task].map((_, i, all) => {
        const j = all.length - 1 - i;
        return {
          task: answers.taskIds[answers.task[j]!]!,
          worker: answers.workerIds[answers.worker[j]!]!,
          label: answers.classes[answers.label[j]!]!,
        };
      }),
    );
    const again = majorityVoteByTask(reversed);
    for (const id of ["a", "b", "c"])
      expect(reversed.classes[again.label[reversed.taskIds.indexOf(id)]!]).toBe(
        answers.classes[result.label[answers.taskIds.indexOf(id)]!],
      );
  });
});
