import { describe, expect, it } from "vitest";
import { findBottlenecks } from "./bottlenecks.js";
import { projectRisk } from "./project-risk.js";
import { qualityFalling, REVIEW_BACKLOG_GRACE_HOURS, riskRegister } from "./risk-register.js";

const NOW = Date.UTC(2026, 0, 5);
const calm = projectRisk({ backlog: 10, dailyThroughput: [10, 10], deadline: null, now: NOW });

describe("riskRegister", () => {
  it("is empty for a calm project", () => {
    expect(riskRegister({ delivery: calm })).toEqual([]);
  });

  it("flags falling quality only on evidence: a drop of 3+ points that a z-test backs", () => {
    expect(
      qualityFalling({
        recentAnswered: 100,
        recentCorrect: 80,
        earlierAnswered: 300,
        earlierCorrect: 270,
        recentDays: 7,
      }).falling,
    ).toBe(true);
    // Too few gold answers to say.
    expect(
      qualityFalling({ recentAnswered: 10, recentCorrect: 5, earlierAnswered: 300, earlierCorrect: 270, recentDays: 7 })
        .falling,
    ).toBe(false);
    // A small drop is noise.
    expect(
      qualityFalling({
        recentAnswered: 100,
        recentCorrect: 88,
        earlierAnswered: 300,
        earlierCorrect: 270,
        recentDays: 7,
      }).falling,
    ).toBe(false);
  });

  it("reports a budget spent past its amount as high, one forecast past it as medium", () => {
    const entries = riskRegister({
      delivery: calm,
      budgets: [
        { budgetId: 1, currency: "USD", amountMinor: 100, spentMinor: 120, forecastMinor: 150 },
        { budgetId: 2, currency: "USD", amountMinor: 100, spentMinor: 50, forecastMinor: 130 },
        { budgetId: 3, currency: "USD", amountMinor: 100, spentMinor: 50, forecastMinor: 90 },
      ],
    });
    expect(entries.map((e) => [e.kind, e.severity, e.figures.budgetId])).toEqual([
      ["budget_overrun", "high", 1],
      ["budget_overrun", "medium", 2],
    ]);
  });

  it("counts in words a manager reads as written: one item, one task, one day", () => {
    const drivers = (n: number) =>
      riskRegister({
        delivery: calm,
        languages: [{ language: "de", openTasks: n, eligiblePeople: 0 }],
        reviews: { pending: n, added: n, decided: 0, days: n, oldestPendingHours: 30 },
      }).map((e) => e.driver);
    expect(drivers(1)).toEqual([
      "1 open de task and no active annotator eligible for it.",
      "1 item was queued for review and 0 decided over the last 1 day; 1 is pending.",
    ]);
    expect(drivers(3)).toEqual([
      "3 open de tasks and no active annotator eligible for them.",
      "3 items were queued for review and 0 decided over the last 3 days; 3 are pending.",
    ]);
  });

  it("raises no review backlog for items just queued: only once the oldest has waited a day", () => {
    const kinds = (oldestPendingHours: number | null) =>
      riskRegister({
        delivery: calm,
        reviews: { pending: 3, added: 3, decided: 0, days: 7, oldestPendingHours },
      }).map((e) => e.kind);
    // A manager queued three disagreements a minute ago: nobody has had time to review them.
    expect(kinds(0.02)).toEqual([]);
    expect(kinds(REVIEW_BACKLOG_GRACE_HOURS - 1)).toEqual([]);
    expect(kinds(REVIEW_BACKLOG_GRACE_HOURS + 1)).toEqual(["review_backlog_growing"]);
    expect(kinds(null)).toEqual([]);
  });

  it("reports a budget whose last 7 days' spending pace passes its amount, though the work left does not", () => {
    const entries = riskRegister({
      delivery: calm,
      budgets: [
        { budgetId: 4, currency: "USD", amountMinor: 100, spentMinor: 40, forecastMinor: 80, paceForecastMinor: 160 },
        { budgetId: 5, currency: "USD", amountMinor: 100, spentMinor: 40, forecastMinor: 80, paceForecastMinor: 95 },
      ],
    });
    expect(entries.map((e) => [e.kind, e.severity, e.figures.budgetId, e.figures.paceForecastMinor])).toEqual([
      ["budget_overrun", "medium", 4, 160],
    ]);
    expect(entries[0]!.driver).toContain("spending pace");
  });

  it("names the budget card's headline forecast: the higher one, when both pass the amount", () => {
    const budget = { currency: "USD", amountMinor: 100, spentMinor: 40 };
    const entries = riskRegister({
      delivery: calm,
      budgets: [
        { ...budget, budgetId: 6, forecastMinor: 120, paceForecastMinor: 300 },
        { ...budget, budgetId: 7, forecastMinor: 300, paceForecastMinor: 120 },
      ],
    });
    expect(entries.map((e) => [e.figures.budgetId, e.figures.headlineBasis, e.figures.headlineMinor])).toEqual([
      [6, "spending_pace", 300],
      [7, "work_left", 300],
    ]);
    expect(entries[0]!.driver).toContain(
      "reaches 300 USD minor units by its period's end at the last 7 days' spending pace",
    );
    expect(entries[1]!.driver).toContain("forecast to reach 300 USD minor units from the work left");
  });

  it("passes exposure caps through the hook", () => {
    const [entry] = riskRegister({
      delivery: calm,
      exposure: [{ language: "de", driver: "caps reached by 8 of 10 people", action: "add people" }],
    });
    expect(entry).toMatchObject({ kind: "exposure_cap_binding", language: "de" });
  });
});

describe("findBottlenecks", () => {
  it("flags a pool smaller than the judgments each task needs from different annotators: no task can finish", () => {
    const risks = riskRegister({
      delivery: calm,
      judgmentsPerTask: 3,
      languages: [
        { language: "", openTasks: 5, eligiblePeople: 2 },
        { language: "de", openTasks: 4, eligiblePeople: 1 },
        { language: "fr", openTasks: 4, eligiblePeople: 3 },
        { language: "ja", openTasks: 0, eligiblePeople: 1 },
      ],
    });
    expect(risks.map((r) => [r.kind, r.language, r.driver, r.action])).toEqual([
      [
        "pool_too_small",
        "",
        "Each task needs 3 judgments from different annotators and only 2 active annotators may work on it: no task can finish.",
        "Invite or certify 1 more annotator at least: each task's judgments come from different people.",
      ],
      [
        "pool_too_small",
        "de",
        "Each de task needs 3 judgments from different annotators and only 1 active annotator may work on it: no task can finish.",
        "Invite or certify 2 more de annotators at least: each task's judgments come from different people.",
      ],
    ]);
    expect(risks[0]?.figures).toEqual({ openTasks: 5, eligiblePeople: 2, judgmentsPerTask: 3 });
    // A project without language requirements reads without an empty language.
    expect(
      riskRegister({ delivery: calm, languages: [{ language: "", openTasks: 5, eligiblePeople: 0 }] }).map((r) => [
        r.driver,
        r.action,
      ]),
    ).toEqual([
      [
        "5 open tasks and no active annotator eligible for them.",
        "Add or certify annotators (language and skills of the project's requirements).",
      ],
    ]);
    // Without the figure (or enough people), the pool is judged as before.
    expect(riskRegister({ delivery: calm, languages: [{ language: "", openTasks: 5, eligiblePeople: 2 }] })).toEqual(
      [],
    );
  });

  it("finds high skip and expiry rates over enough leases", () => {
    const report = findBottlenecks({
      leases: { issued: 100, skipped: 20, expired: 10, since: NOW - 3_600_000 },
      languages: [],
      stuckTasks: 0,
      stuckAfterHours: 24,
      reviews: { pending: 0, oldestPendingAt: null },
      now: NOW,
    });
    expect(report.findings.map((f) => f.kind)).toEqual(["skips", "lease_expiry"]);
    expect(report.skipRate).toBe(0.2);
  });

  it("finds a language whose queue has far more work per person than the rest, and an old review queue", () => {
    const report = findBottlenecks({
      leases: { issued: 5, skipped: 5, expired: 0, since: null },
      languages: [
        { language: "de", openTasks: 100, eligiblePeople: 10 },
        { language: "fr", openTasks: 100, eligiblePeople: 10 },
        { language: "ja", openTasks: 600, eligiblePeople: 1 },
      ],
      stuckTasks: 0,
      stuckAfterHours: 24,
      reviews: { pending: 4, oldestPendingAt: NOW - 72 * 3_600_000 },
      now: NOW,
    });
    expect(report.findings.map((f) => `${f.kind}:${f.language}`)).toEqual(["queue_starving:ja", "review_backlog:null"]);
  });
});
