import { describe, expect, it } from "vitest";
import { judgmentVerdicts } from "./judgment-verdicts.js";

const judgments = [
  { id: 1, value: "cat", verdict: null },
  { id: 2, value: "dog", verdict: null },
  { id: 3, value: "cat", verdict: "rejected" as const },
];

describe("judgmentVerdicts", () => {
  it("accept marks the judgments that gave the aggregate, and no others", () => {
    const marks = judgmentVerdicts({ verdict: "accept", aggregate: "cat", corrected: null, judgments });
    expect([...marks]).toEqual([[1, "accepted"]]);
  });
  it("reject rejects every standing judgment: the task is redone from scratch", () => {
    const marks = judgmentVerdicts({ verdict: "reject", aggregate: "cat", corrected: null, judgments });
    expect([...marks]).toEqual([
      [1, "rejected"],
      [2, "rejected"],
    ]);
  });
  it("correct accepts the judgments equal to the reviewer's answer and rejects the rest", () => {
    const marks = judgmentVerdicts({ verdict: "correct", aggregate: "cat", corrected: "dog", judgments });
    expect([...marks]).toEqual([
      [1, "rejected"],
      [2, "accepted"],
    ]);
  });
});
