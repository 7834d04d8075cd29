import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import type { VerdictInput } from "./apply-verdict.js";
import { applyVerdict, verdictConflict } from "./apply-verdict.js";

const project: VerdictInput["project"] = {
  schema: {
    type: "single_choice",
    options: [
      { value: "cat", label: "Cat" },
      { value: "dog", label: "Dog" },
    ],
  },
  overlap: 3,
  overlapPolicy: { mode: "fixed" },
};

const pending = (overrides: Partial<VerdictInput>): VerdictInput => ({
  verdict: "accept",
  itemStatus: "pending",
  project,
  task: { data: { text: "woof" }, aggregate: "dog" },
  ...overrides,
});

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe("applyVerdict", () => {
  it("accept records the aggregate as the reviewed value and leaves the task alone", () => {
    expect(applyVerdict(pending({ note: "fine" }))).toEqual({
      item: { status: "accepted", reviewedValue: "dog", note: "fine" },
      task: { kind: "keep" },
    });
  });

  it("accept of a task without an aggregate records no value", () => {
    expect(applyVerdict(pending({ task: { data: {}, aggregate: null } })).item.reviewedValue).toBeNull();
  });

  it("reject reopens the task for one more round of the fixed overlap", () => {
    expect(applyVerdict(pending({ verdict: "reject" }))).toEqual({
      item: { status: "rejected", reviewedValue: null, note: null },
      task: { kind: "reopen", moreJudgments: 3 },
    });
  });

  it("reject under dynamic overlap asks for the policy's minimum", () => {
    const dynamic: VerdictInput["project"] = {
      ...project,
      overlapPolicy: { mode: "dynamic", min: 2, max: 5, target: 0.9 },
    };
    const effect = applyVerdict(pending({ verdict: "reject", project: dynamic }));
    expect(effect.task).toEqual({ kind: "reopen", moreJudgments: 2 });
  });

  it("correct makes the expert's checked answer the aggregate with confidence 1", () => {
    expect(applyVerdict(pending({ verdict: "correct", value: "cat" }))).toEqual({
      item: { status: "corrected", reviewedValue: "cat", note: null },
      task: { kind: "set_aggregate", aggregate: { value: "cat", method: "review" }, confidence: 1 },
    });
  });

  it("refuses a correction outside the label schema, naming the field", () => {
    try {
      applyVerdict(pending({ verdict: "correct", value: "horse" }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("invalid_input");
      expect((error as DomainError).details[0]?.path).toBe("value");
    }
  });

  it("refuses any verdict on an item already decided, before checking the answer", () => {
    for (const itemStatus of ["accepted", "rejected", "corrected"] as const)
      expect(codeOf(() => applyVerdict(pending({ verdict: "correct", value: "horse", itemStatus })))).toBe(
        "review_decided",
      );
  });
});

describe("verdictConflict", () => {
  it("says the item is taken while it is pending, and decided once it is not", () => {
    expect(verdictConflict("pending").code).toBe("review_taken");
    expect(verdictConflict("accepted").code).toBe("review_decided");
    expect(verdictConflict("accepted").message).toContain("accepted");
  });
});
