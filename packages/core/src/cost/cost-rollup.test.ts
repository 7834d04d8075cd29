import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COST_COMPONENTS, COST_EVENT_KINDS, type CostEvent, classifyCostEvent } from "./cost-event.js";
import {
  combineRollups,
  costEventRollup,
  costPerAcceptedLabel,
  costPerJudgment,
  rollupCostEvents,
  summarize,
} from "./cost-rollup.js";

const DAY = 86_400_000;
const D1 = Date.UTC(2026, 2, 2, 9);
const D2 = D1 + DAY;

function event(overrides: Partial<CostEvent>): CostEvent {
  return {
    kind: "judgment",
    amountMinor: 100,
    currency: "USD",
    projectId: 1,
    businessUnitId: 10,
    vendor: "acme",
    annotatorId: 5,
    language: "de",
    taskType: "rating",
    taskId: 1,
    isGold: false,
    judgmentOrdinal: 1,
    rejected: false,
    at: D1,
    ...overrides,
  };
}

// Two accepted tasks in German, one in French, with overlap 2, gold, rework, a review, a bonus and fees.
const ledger: CostEvent[] = [
  event({ taskId: 1, amountMinor: 100 }),
  event({ taskId: 1, amountMinor: 90, judgmentOrdinal: 2, annotatorId: 6 }),
  event({ taskId: 2, amountMinor: 110 }),
  event({ taskId: 2, amountMinor: 80, judgmentOrdinal: 2, rejected: true, annotatorId: 6 }),
  event({ taskId: 2, amountMinor: 95, judgmentOrdinal: 2, annotatorId: 7, at: D2 }),
  event({ taskId: 3, amountMinor: 70, isGold: true }),
  event({ taskId: 4, amountMinor: 120, language: "fr", vendor: null, annotatorId: 8 }),
  event({ kind: "review", taskId: 2, amountMinor: 50, judgmentOrdinal: null, annotatorId: 9 }),
  event({ kind: "bonus", taskId: null, amountMinor: 25, judgmentOrdinal: null }),
  event({ kind: "exam", taskId: null, amountMinor: 40, judgmentOrdinal: null, annotatorId: 8, language: "fr" }),
  event({ kind: "fee", taskId: null, amountMinor: 60, judgmentOrdinal: null, annotatorId: null }),
];

describe("cost per accepted label", () => {
  it("classifies each entry into exactly one component", () => {
    expect(ledger.map(classifyCostEvent)).toEqual([
      "base",
      "overlap",
      "base",
      "rework",
      "overlap",
      "gold",
      "base",
      "review",
      "bonus",
      "gold",
      "fees",
    ]);
    expect(classifyCostEvent(event({ kind: "top_up" }))).toBe("bonus");
    expect(classifyCostEvent(event({ kind: "training" }))).toBe("gold");
    expect(classifyCostEvent(event({ kind: "adjustment", judgmentOrdinal: null }))).toBe("base");
  });

  it("decomposes the total into components, per accepted label, overall and by language", () => {
    const [all] = costPerAcceptedLabel(ledger, []);
    expect(all).toEqual({
      key: "all",
      total: 840,
      acceptedLabels: 3,
      perAcceptedLabel: 280,
      components: { base: 330, overlap: 185, gold: 110, rework: 80, review: 50, bonus: 25, fees: 60 },
    });
    const byLanguage = costPerAcceptedLabel(ledger, ["language"]);
    expect(byLanguage.map((row) => [row.key, row.total, row.acceptedLabels])).toEqual([
      ["de", 680, 2],
      ["fr", 160, 1],
    ]);
    expect(byLanguage[0]!.perAcceptedLabel).toBe(340);
  });

  it("groups by several dimensions with readable keys, null as (none)", () => {
    const rows = summarize(rollupCostEvents(ledger), ["day", "vendor"]);
    expect(rows.map((row) => row.key)).toEqual(["2026-03-02|(none)", "2026-03-02|acme", "2026-03-03|acme"]);
    expect(rows[2]).toMatchObject({ total: 95, acceptedLabels: 0, perAcceptedLabel: null });
  });

  it("moves a later rejection from base to rework when the entry is rolled up again with sign −1 and +1", () => {
    const first = event({ taskId: 1, amountMinor: 100 });
    const rollups = combineRollups([
      ...rollupCostEvents([first]),
      costEventRollup(first, -1),
      costEventRollup({ ...first, rejected: true }),
    ]);
    expect(rollups).toHaveLength(1);
    expect(rollups[0]).toMatchObject({ total: 100, acceptedLabels: 0, judgments: 1 });
    expect(rollups[0]!.components).toMatchObject({ base: 0, rework: 100 });
  });

  it("refuses to add currencies together unless grouped by currency", () => {
    const mixed = [...ledger, event({ currency: "EUR", taskId: 9 })];
    expect(() => costPerAcceptedLabel(mixed, ["language"])).toThrow(/mixes USD and EUR/);
    expect(costPerAcceptedLabel(mixed, ["currency"]).map((row) => row.key)).toEqual(["EUR", "USD"]);
  });

  it("gives the fully loaded cost per judgment", () => {
    expect(costPerJudgment(rollupCostEvents(ledger))).toBe(120);
    expect(costPerJudgment([])).toBeNull();
  });

  const events = fc.array(
    fc.record({
      kind: fc.constantFrom(...COST_EVENT_KINDS),
      amountMinor: fc.integer({ min: -500, max: 5_000 }),
      currency: fc.constant("USD"),
      projectId: fc.constantFrom(1, 2),
      businessUnitId: fc.constantFrom(10, 20, null),
      vendor: fc.constantFrom("acme", "globex", null),
      annotatorId: fc.constantFrom(1, 2, 3, null),
      language: fc.constantFrom("de", "fr", null),
      taskType: fc.constantFrom("rating", "choice"),
      taskId: fc.option(fc.nat(20)),
      isGold: fc.boolean(),
      judgmentOrdinal: fc.option(fc.integer({ min: 1, max: 4 })),
      rejected: fc.boolean(),
      at: fc.integer({ min: D1, max: D1 + 10 * DAY }),
    }),
    { maxLength: 60 },
  );

  it("components add up to the total, and incremental roll-ups in any batches give the same report as the raw events", () => {
    fc.assert(
      fc.property(events, fc.array(fc.nat(60), { maxLength: 5 }), (ledgerRows, cuts) => {
        const direct = costPerAcceptedLabel(ledgerRows, ["language", "vendor"]);
        for (const row of direct) {
          expect(COST_COMPONENTS.reduce((sum, c) => sum + row.components[c], 0)).toBe(row.total);
        }
        // Roll up in batches (as storage would, one transaction at a time), then combine the stored rows.
        const bounds = [...new Set([0, ...cuts.map((c) => Math.min(c, ledgerRows.length)), ledgerRows.length])].sort(
          (a, b) => a - b,
        );
        let stored = combineRollups([]);
        for (let i = 1; i < bounds.length; i++) {
          stored = combineRollups([...stored, ...rollupCostEvents(ledgerRows.slice(bounds[i - 1], bounds[i]))]);
        }
        expect(summarize(stored, ["language", "vendor"])).toEqual(direct);
        const total = ledgerRows.reduce((sum, e) => sum + e.amountMinor, 0);
        expect(summarize(stored, [])[0]?.total ?? 0).toBe(total);
      }),
    );
  });
});
