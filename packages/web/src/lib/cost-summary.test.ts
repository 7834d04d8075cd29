import type { CostSummaryRowView } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { componentBars, sortSummaryRows } from "./cost-summary.js";

function row(label: string, currency: string, acceptedLabels: number, components: number[]): CostSummaryRowView {
  const [base = 0, overlap = 0, gold = 0, rework = 0, review = 0, bonus = 0, fees = 0] = components;
  const total = components.reduce((a, b) => a + b, 0);
  return {
    key: label,
    label,
    currency,
    fractionDigits: currency === "JPY" ? 0 : 2,
    total,
    acceptedLabels,
    perAcceptedLabel: acceptedLabels > 0 ? total / acceptedLabels : null,
    components: { base, overlap, gold, rework, review, bonus, fees },
  };
}

describe("cost summary charts", () => {
  const rows = [
    row("German", "USD", 100, [4000, 2000, 500, 100, 300, 0, 600]),
    row("Japanese", "JPY", 10, [5000]),
    row("English", "USD", 400, [16000, 8000, 1000, 0, 900, 200, 2600]),
    row("Idle", "USD", 0, [700]),
  ];

  it("sorts by currency, then largest total", () => {
    expect(sortSummaryRows(rows).map((r) => r.label)).toEqual(["Japanese", "English", "German", "Idle"]);
  });

  it("stacks each row's components per accepted label, adding up to its cost per label", () => {
    const bars = componentBars(rows.filter((r) => r.currency === "USD"))!;
    expect(bars.currency).toBe("USD");
    expect(bars.labels).toEqual(["English", "German"]);
    const stacked = bars.labels.map((_, i) => bars.series.reduce((sum, s) => sum + s.values[i]!, 0));
    expect(stacked[0]).toBeCloseTo(28_700 / 400 / 100, 10);
    expect(stacked[1]).toBeCloseTo(7500 / 100 / 100, 10);
    expect(bars.series.find((s) => s.component === "overlap")!.values).toEqual([0.2, 0.2]);
    expect(componentBars([rows[3]!])).toBeUndefined();
  });
});
