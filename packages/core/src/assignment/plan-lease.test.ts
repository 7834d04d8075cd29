import { describe, expect, it } from "vitest";
import type { DomainError } from "../errors.js";
import { MAX_ACTIVE_LEASES, planLease } from "./plan-lease.js";
import { compareQueueOrder } from "./queue-order.js";

const ok = { status: "ok", statusReason: null, judgments: 40 };
const told = { onboarding: true, hidden: true };
const noGold = { share: 0, onboarding: 0, feedback: told };

describe("planLease", () => {
  it("claims from the queue, without control tasks when the project has no gold policy", () => {
    expect(planLease({ annotatorId: 1, standing: ok, held: [], goldPolicy: noGold })).toEqual({
      kind: "claim",
      gold: "never",
    });
  });

  it("refuses a paused annotator with the reason", () => {
    const paused = { status: "paused", statusReason: "gold accuracy 2/10", judgments: 10 };
    try {
      planLease({ annotatorId: 1, standing: paused, held: [], goldPolicy: noGold });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).code).toBe("annotator_paused");
      expect((error as DomainError).message).toContain("gold accuracy 2/10");
    }
  });

  it("words a gold-accuracy pause without its counts where hidden controls get no feedback", () => {
    const paused = {
      status: "paused",
      statusReason: "gold accuracy 2/10 (95% interval 6–51%) is below 90%",
      judgments: 10,
    };
    const silent = { ...noGold, feedback: { onboarding: true, hidden: false } };
    expect(() => planLease({ annotatorId: 1, standing: paused, held: [], goldPolicy: silent })).toThrow(
      "You are paused on this project: accuracy on quality checks is below the project's minimum",
    );
  });

  it("hands back the oldest lease when the annotator holds as many as allowed", () => {
    const held = [{ id: 12 }, { id: 9 }, { id: 15 }];
    expect(held).toHaveLength(MAX_ACTIVE_LEASES);
    expect(planLease({ annotatorId: 1, standing: ok, held, goldPolicy: noGold })).toEqual({
      kind: "resume",
      assignmentId: 9,
    });
  });

  it("serves only control tasks to an annotator in retraining", () => {
    const retrain = { ...ok, status: "retrain" };
    expect(planLease({ annotatorId: 1, standing: retrain, held: [], goldPolicy: noGold })).toEqual({
      kind: "claim",
      gold: "only",
      control: "training",
    });
  });

  it("serves control tasks first during onboarding, counting the leases already held", () => {
    const onboarding = { share: 0, onboarding: 3, feedback: told };
    const newcomer = { ...ok, judgments: 1 };
    const plan = (held: { id: number }[]) =>
      planLease({ annotatorId: 1, standing: newcomer, held, goldPolicy: onboarding });
    expect(plan([{ id: 1 }])).toEqual({ kind: "claim", gold: "first", control: "onboarding" });
    expect(plan([{ id: 1 }, { id: 2 }])).toEqual({ kind: "claim", gold: "never" });
  });

  it("serves control tasks at about the policy's share afterwards", () => {
    let first = 0;
    for (let judgments = 0; judgments < 5_000; judgments++) {
      const plan = planLease({
        annotatorId: 5,
        standing: { ...ok, judgments },
        held: [],
        goldPolicy: { share: 0.2, onboarding: 0, feedback: told },
      });
      if (plan.kind === "claim" && plan.gold === "first") {
        first++;
        expect(plan.control).toBe("hidden");
      }
    }
    expect(first / 5_000).toBeGreaterThan(0.18);
    expect(first / 5_000).toBeLessThan(0.22);
  });
});

describe("compareQueueOrder", () => {
  it("serves higher priority, then the earlier deadline, then the older task", () => {
    const tasks = [
      { id: 4, priority: 0, deadlineKey: 100 },
      { id: 3, priority: 0, deadlineKey: 50 },
      { id: 2, priority: 0, deadlineKey: 50 },
      { id: 9, priority: 5, deadlineKey: 999 },
    ];
    expect([...tasks].sort(compareQueueOrder).map((t) => t.id)).toEqual([9, 2, 3, 4]);
  });
});
