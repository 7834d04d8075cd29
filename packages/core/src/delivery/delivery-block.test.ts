import { describe, expect, it } from "vitest";
import { deliveryBlock } from "./delivery-block.js";
import { projectRisk } from "./project-risk.js";
import { riskRegister } from "./risk-register.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 4, 9);

describe("deliveryBlock", () => {
  it("is the whole backlog when every language with open tasks has fewer eligible people than judgments per task", () => {
    const block = deliveryBlock([{ language: "", openTasks: 3, eligiblePeople: 2 }], 3);
    expect(block?.scope).toBe("all");
    expect(block?.languages).toEqual([""]);
    expect(block?.pools).toEqual([{ language: "", openTasks: 3, eligiblePeople: 2, missingPeople: 1 }]);
    expect(block?.action).toContain("Invite or qualify 1 more annotator at least");
  });

  it("is a part when only one language is starved, and names it", () => {
    const block = deliveryBlock(
      [
        { language: "de", openTasks: 40, eligiblePeople: 5 },
        { language: "ja", openTasks: 20, eligiblePeople: 0 },
        { language: "fr", openTasks: 0, eligiblePeople: 0 },
      ],
      2,
    );
    expect(block?.scope).toBe("part");
    // A language without open tasks holds nothing up.
    expect(block?.languages).toEqual(["ja"]);
    expect(block?.driver).toContain("the ja tasks need 2 judgments each");
    expect(block?.action).toContain("Invite or qualify 2 more ja annotators at least");
  });

  it("is null when every pool can finish its tasks, or has none", () => {
    expect(deliveryBlock([{ language: "de", openTasks: 40, eligiblePeople: 3 }], 3)).toBeNull();
    expect(deliveryBlock([{ language: "de", openTasks: 0, eligiblePeople: 0 }], 3)).toBeNull();
  });

  it("agrees with the risk register's pool_too_small entries", () => {
    const pools = [
      { language: "de", openTasks: 40, eligiblePeople: 1 },
      { language: "ja", openTasks: 20, eligiblePeople: 0 },
      { language: "en", openTasks: 20, eligiblePeople: 9 },
    ];
    const delivery = projectRisk({ backlog: 10, dailyThroughput: [5], deadline: null, now: NOW });
    const register = riskRegister({ delivery, languages: pools, judgmentsPerTask: 2 });
    expect(deliveryBlock(pools, 2)?.languages).toEqual(
      register.filter((r) => r.kind === "pool_too_small").map((r) => r.language),
    );
  });
});

describe("projectRisk of a blocked backlog", () => {
  // 30 judgments a day, 30 left: without the block this reads "1 day".
  const input = { backlog: 30, dailyThroughput: [30, 30, 30], deadline: NOW + 10 * DAY, now: NOW };

  it("gives no finish date and no chance on time while no task can finish", () => {
    expect(projectRisk(input).eta.days.p50).toBe(1);
    const block = deliveryBlock([{ language: "", openTasks: 10, eligiblePeople: 2 }], 3)!;
    const risk = projectRisk({ ...input, blocked: { block, finishableBacklog: null } });
    expect(risk.level).toBe("blocked");
    expect(risk.eta.days).toEqual({ p50: null, p70: null, p85: null, p95: null });
    expect(risk.finish).toEqual({ p50: null, p70: null, p85: null, p95: null });
    expect(risk.probabilityOnTime).toBe(0);
    expect(risk.deadlineAtRisk).toBe(true);
    expect(risk.driver).toBe("pool_too_small");
    expect(risk.action).toContain("Invite or qualify 1 more annotator");
    expect(risk.blocked?.finishable).toBeNull();
    // The register's deadline entry says why, instead of a pace.
    const register = riskRegister({ delivery: risk });
    expect(register[0]?.driver).toContain("Some tasks cannot finish");
    expect(register[0]?.driver).toContain("85th-percentile finish: never");
  });

  it("gives the part that can finish its own dates when only one language is starved", () => {
    const block = deliveryBlock(
      [
        { language: "de", openTasks: 10, eligiblePeople: 4 },
        { language: "ja", openTasks: 10, eligiblePeople: 1 },
      ],
      3,
    )!;
    const risk = projectRisk({ ...input, blocked: { block, finishableBacklog: 60 } });
    expect(risk.level).toBe("blocked");
    expect(risk.eta.days.p85).toBeNull();
    expect(risk.blocked?.finishable?.eta.days).toEqual({ p50: 2, p70: 2, p85: 2, p95: 2 });
    expect(risk.blocked?.finishable?.finish.p85).toBe(NOW + 2 * DAY);
  });

  it("says no date without a deadline too, and P(on time) stays null without one", () => {
    const block = deliveryBlock([{ language: "", openTasks: 10, eligiblePeople: 0 }], 1)!;
    const risk = projectRisk({ ...input, deadline: null, blocked: { block, finishableBacklog: null } });
    expect(risk.level).toBe("blocked");
    expect(risk.probabilityOnTime).toBeNull();
    expect(risk.deadlineAtRisk).toBe(false);
  });
});
