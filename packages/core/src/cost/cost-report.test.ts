import { describe, expect, it } from "vitest";
import { zeroComponents } from "./cost-event.js";
import { buildCostReport, type CostReportInput, monthPeriod, previousMonth } from "./cost-report.js";
import { segmentsFromTotals } from "./ledger-segments.js";
import { segmentCost } from "./segment-cost.js";

const DAY = 86_400_000;
const march = monthPeriod("2026-03");

/** A report input where overlap in German rose from 2 to 3 judgments per item. */
function sampleReportInput(): CostReportInput {
  const base = [
    {
      segment: "search × de",
      items: 1000,
      overlap: 2,
      goldShare: 0.1,
      reworkShare: 0.05,
      minutesPerJudgment: 1,
      hourlyRate: 18,
    },
    {
      segment: "search × fr",
      items: 500,
      overlap: 2,
      goldShare: 0.1,
      reworkShare: 0.05,
      minutesPerJudgment: 1.2,
      hourlyRate: 20,
    },
  ];
  const current = [{ ...base[0]!, overlap: 3 }, base[1]!];
  return {
    businessUnit: { id: 7, name: "Search" },
    month: "2026-03",
    currency: "USD",
    generatedAt: march.start + 20 * DAY,
    budget: { id: 3, limitMinor: 150_000, periodStart: march.start, periodEnd: march.end, spentMinor: 125_000 },
    remainingJudgments: 1000,
    costPerJudgmentMinor: 40,
    dailySpend: [
      { day: march.start, amountMinor: 50_000 },
      { day: march.start + 9 * DAY, amountMinor: 75_000 },
    ],
    current: {
      total: 125_000,
      acceptedLabels: 1500,
      components: { ...zeroComponents(), base: 80_000, overlap: 40_000, fees: 5_000 },
    },
    previous: {
      total: 100_000,
      acceptedLabels: 1500,
      components: { ...zeroComponents(), base: 80_000, overlap: 20_000 },
    },
    segments: { base, current },
    allocations: [
      { pool: "QA team", policy: "QA by judgments v2", poolMinor: 30_001, allocatedMinor: 10_001, unallocatedMinor: 0 },
    ],
    savings: [{ initiative: "Dynamic overlap", baselineMinor: 20_000, realisedMinor: 4_500 }],
    groups: [
      { key: "Project A", previousMinor: 60_000, currentMinor: 90_000 },
      { key: "Project B", previousMinor: 40_000, currentMinor: 35_000 },
      { key: "Project C", previousMinor: 0, currentMinor: 0 },
    ],
  };
}

describe("the monthly cost report", () => {
  it("gives months as UTC periods and refuses a bad month naming the field", () => {
    expect(march.end - march.start).toBe(31 * DAY);
    expect(previousMonth("2026-01")).toBe("2025-12");
    expect(() => monthPeriod("2026-13")).toThrow(/month must be YYYY-MM/);
  });

  it("burns cumulatively by day, thresholds reached, drivers adding up to the change", () => {
    const report = buildCostReport(sampleReportInput());
    // Generated on the 21st: the 20 days gone by.
    expect(report.spend.burn).toHaveLength(20);
    expect(report.spend.daysInMonth).toBe(31);
    expect(report.spend.burn[0]!.cumulativeMinor).toBe(50_000);
    expect(report.spend.burn[8]!.cumulativeMinor).toBe(50_000);
    expect(report.spend.burn[19]!.cumulativeMinor).toBe(125_000);
    expect(report.spend.withAllocationsMinor).toBe(135_001);
    expect(report.spend.budget!.crossed).toEqual([50, 80]);
    expect(report.spend.budget!.forecast).toBe(165_000);
    const { drivers } = report;
    const sum = Object.values(drivers.drivers).reduce((a, b) => a + b, 0);
    expect(Math.round(sum * 100)).toBe(Math.round(drivers.change * 100));
    // Only German overlap moved: all of the change is overlap.
    expect(drivers.drivers.overlap).toBeCloseTo(drivers.change, 2);
    expect(drivers.narrative[0]).toMatch(/overlap .* in search × de/);
    expect(report.perLabel.current.perAcceptedLabelMinor).toBeCloseTo(125_000 / 1500);
    expect(report.perLabel.components.find((c) => c.component === "overlap")!.previousMinor).toBe(20_000);
    expect(report.topChanges.map((c) => c.key)).toEqual(["Project A", "Project B"]);
    expect(report.topChanges[0]!.percent).toBe(50);
    expect(report.savings.totalRealisedMinor).toBe(4_500);
  });
});

describe("the monthly cost report's forecasts, as the budget card gives them", () => {
  it("forecasts at this week's pace when the week's spend is known, and heads the budget with the higher forecast", () => {
    const input = sampleReportInput();
    // The last 7 days (the 14th to the 20th) spent 750.00: 107.14 a day for the 11 days left.
    const report = buildCostReport({ ...input, budget: { ...input.budget!, recentSpentMinor: 75_000 } });
    const budget = report.spend.budget!;
    expect(budget.pace).toEqual({
      window: "recent",
      days: 7,
      ratePerDayMinor: 75_000 / 7,
      forecastMinor: 125_000 + Math.round((75_000 / 7) * 11),
    });
    expect(budget.forecastAtRecentRate).toBe(242_857);
    // The work left forecasts 1,650.00; the pace's 2,428.57 is higher, passes the 1,500.00 and heads it.
    expect(budget.headline).toEqual({ basis: "spending_pace", amountMinor: 242_857, standing: "at_risk" });
  });

  it("forecasts at the period's rate without the week's spend, saying over how many days", () => {
    const budget = buildCostReport(sampleReportInput()).spend.budget!;
    // 1,250.00 over the 20 days gone: 62.50 a day, and 11 days left.
    expect(budget.pace).toEqual({ window: "period", days: 20, ratePerDayMinor: 6_250, forecastMinor: 193_750 });
    expect(budget.headline).toEqual({ basis: "spending_pace", amountMinor: 193_750, standing: "at_risk" });
  });

  it("forecasts nothing once the period is over: the spend is final", () => {
    const input = sampleReportInput();
    const budget = buildCostReport({
      ...input,
      generatedAt: march.end + DAY,
      budget: { ...input.budget!, recentSpentMinor: 75_000 },
    }).spend.budget!;
    expect(budget.pace).toBeNull();
    expect(budget.headline).toEqual({ basis: "final", amountMinor: 125_000, standing: "on_track" });
  });
});

describe("segments from ledger totals", () => {
  it("reproduce each segment's ledger cost exactly and leave unfactorable cost visible", () => {
    const { segments, unexplainedMinor } = segmentsFromTotals(
      [
        {
          segment: "a",
          costMinor: 12_345,
          judgments: 130,
          goldJudgments: 10,
          rejectedJudgments: 20,
          acceptedItems: 50,
          activeMs: 7_800_000,
        },
        {
          segment: "(none)",
          costMinor: 999,
          judgments: 0,
          goldJudgments: 0,
          rejectedJudgments: 0,
          acceptedItems: 0,
          activeMs: 0,
        },
      ],
      2,
    );
    expect(unexplainedMinor).toBe(999);
    expect(segments[0]!.overlap).toBe(2);
    expect(segmentCost(segments[0]!)).toBeCloseTo(123.45, 9);
    expect(
      segments[0]!.items * segments[0]!.overlap * ((1 + segments[0]!.reworkShare) / (1 - segments[0]!.goldShare)),
    ).toBeCloseTo(130, 9);
  });
});
