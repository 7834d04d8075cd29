import { describe, expect, it } from "vitest";
import { expectedRemainingJudgments } from "./backlog.js";

describe("expectedRemainingJudgments", () => {
  it("counts what fixed overlap still needs", () => {
    // 10 tasks with none, 5 with one, 2 with three (done but not yet closed) under overlap 3: 30 + 10 + 0
    const backlog = expectedRemainingJudgments({
      openTasks: [
        { judgments: 0, tasks: 10 },
        { judgments: 1, tasks: 5 },
        { judgments: 3, tasks: 2 },
      ],
      overlap: 3,
      overlapPolicy: { mode: "fixed" },
    });
    expect(backlog).toBe(40);
  });

  it("under dynamic overlap, expects what settled tasks took beyond what a task has", () => {
    const dynamic = { mode: "dynamic" as const, min: 2, max: 5, target: 0.9 };
    // Settled: 60 tasks at 2 judgments, 30 at 3, 10 at 5.
    const settled = [
      { judgments: 2, tasks: 60 },
      { judgments: 3, tasks: 30 },
      { judgments: 5, tasks: 10 },
    ];
    // A new task: E[F] = (120 + 90 + 50) / 100 = 2.6. One with 2 (so unsettled at 2): E[F | F > 2] = (90 + 50) / 40 = 3.5 → 1.5 more.
    // One with 3, unsettled: E[F | F > 3] = 5 → 2 more.
    const backlog = expectedRemainingJudgments({
      openTasks: [
        { judgments: 0, tasks: 10 },
        { judgments: 2, tasks: 4 },
        { judgments: 3, tasks: 1 },
      ],
      overlap: 3,
      overlapPolicy: dynamic,
      settledTasks: settled,
    });
    expect(backlog).toBeCloseTo(10 * 2.6 + 4 * 1.5 + 2, 10);
    // Without evidence above j: the middle of [max(min, j + 1), max], less j. For j = 0: (2 + 5) / 2 = 3.5.
    expect(
      expectedRemainingJudgments({ openTasks: [{ judgments: 0, tasks: 2 }], overlap: 3, overlapPolicy: dynamic }),
    ).toBeCloseTo(7, 10);
  });

  it("adds the gold judgments served alongside, and owed onboarding gold", () => {
    // 90 regular judgments with 10% of served tasks gold: 90 / 0.9 = 100 judgments in all, plus 12 onboarding.
    const backlog = expectedRemainingJudgments({
      openTasks: [{ judgments: 0, tasks: 30 }],
      overlap: 3,
      overlapPolicy: { mode: "fixed" },
      goldShare: 0.1,
      onboardingJudgments: 12,
    });
    expect(backlog).toBeCloseTo(112, 10);
    expect(() =>
      expectedRemainingJudgments({ openTasks: [], overlap: 3, overlapPolicy: { mode: "fixed" }, goldShare: 1 }),
    ).toThrow(/goldShare/);
  });
});
