import { describe, expect, it } from "vitest";
import { taskAfterJudgment } from "./task-after-judgment.js";

const dynamic = { mode: "dynamic" as const, min: 2, max: 4, target: 0.9 };

describe("taskAfterJudgment", () => {
  it("completes a fixed-overlap task at its last judgment", () => {
    const task = { status: "full" as const, required: 3, slotsTaken: 3, judgmentCount: 2 };
    expect(taskAfterJudgment(task, { mode: "fixed" }, 0.4)).toEqual({ status: "done", required: 3, judgmentCount: 3 });
    expect(taskAfterJudgment({ ...task, judgmentCount: 0 }, { mode: "fixed" }, 0.4)).toEqual({
      status: "full",
      required: 3,
      judgmentCount: 1,
    });
  });

  it("opens one more slot for an uncertain task under dynamic overlap, up to the maximum", () => {
    const task = { status: "full" as const, required: 2, slotsTaken: 2, judgmentCount: 1 };
    expect(taskAfterJudgment(task, dynamic, 0.6)).toEqual({ status: "open", required: 3, judgmentCount: 2 });
    const atMax = { status: "full" as const, required: 4, slotsTaken: 4, judgmentCount: 3 };
    expect(taskAfterJudgment(atMax, dynamic, 0.6)).toEqual({ status: "done", required: 4, judgmentCount: 4 });
  });

  it("settles a confident task under dynamic overlap", () => {
    const task = { status: "full" as const, required: 2, slotsTaken: 2, judgmentCount: 1 };
    expect(taskAfterJudgment(task, dynamic, 0.95)).toEqual({ status: "done", required: 2, judgmentCount: 2 });
  });

  it("keeps a control task a control task, however many answer it", () => {
    const gold = { status: "gold" as const, required: 3, slotsTaken: 9, judgmentCount: 8 };
    expect(taskAfterJudgment(gold, dynamic, 0.2)).toEqual({ status: "gold", required: 3, judgmentCount: 9 });
  });
});
