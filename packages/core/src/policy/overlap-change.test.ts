import { describe, expect, it } from "vitest";
import { taskStatus } from "../assignment/task-status.js";
import { requiredAfterJudgment, requiredAfterPolicyChange } from "./overlap.js";

const dynamic = { mode: "dynamic", min: 2, max: 5, target: 0.9 } as const;
const fixed = { mode: "fixed" } as const;

describe("requiredAfterPolicyChange", () => {
  it("settles a task the new dynamic policy would stop, exactly as after its last judgment", () => {
    // Fixed overlap 3: two agreeing judgments at 0.95 confidence wait for a third.
    const task = { required: 3, slotsTaken: 2, judgmentCount: 2, confidence: 0.95 };
    const required = requiredAfterPolicyChange({ policy: dynamic, overlap: 3, ...task });
    expect(required).toBe(2);
    expect(taskStatus(required, task.slotsTaken, task.judgmentCount)).toBe("done");
    // The engine gives the same answer had the second judgment arrived under the new policy.
    expect(requiredAfterJudgment({ policy: dynamic, ...task })).toBe(required);
  });

  it("keeps a lease out answerable: the task is full until it comes back", () => {
    const task = { required: 3, slotsTaken: 3, judgmentCount: 2, confidence: 0.95 };
    const required = requiredAfterPolicyChange({ policy: dynamic, overlap: 3, ...task });
    expect(required).toBe(3);
    expect(taskStatus(required, 3, 2)).toBe("full");
  });

  it("asks an unsettled task for one more judgment within [min, max], and an unjudged one for min", () => {
    expect(
      requiredAfterPolicyChange({
        policy: dynamic,
        overlap: 3,
        required: 3,
        slotsTaken: 2,
        judgmentCount: 2,
        confidence: 0.5,
      }),
    ).toBe(3);
    expect(
      requiredAfterPolicyChange({
        policy: dynamic,
        overlap: 3,
        required: 3,
        slotsTaken: 0,
        judgmentCount: 0,
        confidence: 0,
      }),
    ).toBe(2);
    // At max judgments a task is settled whatever its confidence.
    expect(
      requiredAfterPolicyChange({
        policy: { ...dynamic, max: 3 },
        overlap: 5,
        required: 5,
        slotsTaken: 3,
        judgmentCount: 3,
        confidence: 0.4,
      }),
    ).toBe(3);
  });

  it("back to fixed: tasks with the overlap's judgments settle, the rest ask for the overlap", () => {
    const back = (judgmentCount: number, slotsTaken: number, required: number) =>
      requiredAfterPolicyChange({ policy: fixed, overlap: 3, required, slotsTaken, judgmentCount, confidence: 0.5 });
    expect(back(4, 4, 5)).toBe(4);
    expect(taskStatus(back(4, 4, 5), 4, 4)).toBe("done");
    expect(back(1, 1, 2)).toBe(3);
    // Leases out under a higher dynamic target may still be answered.
    expect(back(2, 5, 5)).toBe(5);
  });

  it("never asks for fewer judgments than a task has", () => {
    for (const policy of [dynamic, fixed])
      for (let judgmentCount = 0; judgmentCount <= 6; judgmentCount++)
        for (let slotsTaken = judgmentCount; slotsTaken <= 6; slotsTaken++) {
          const required = requiredAfterPolicyChange({
            policy,
            overlap: 3,
            required: Math.max(slotsTaken, 3),
            slotsTaken,
            judgmentCount,
            confidence: 0.99,
          });
          expect(required).toBeGreaterThanOrEqual(judgmentCount);
        }
  });
});
