import { describe, expect, it } from "vitest";
import { describeCostChange, formatMoney } from "./cost-change-narrative.js";
import { type CostChangeDecomposition, decomposeCostChange } from "./decompose-cost-change.js";
import { roundCostChange } from "./round-cost-change.js";
import type { CostDrivers, SegmentCost } from "./segment-cost.js";

const ZERO: CostDrivers = { volume: 0, mix: 0, overlap: 0, quality: 0, efficiency: 0, rate: 0 };

function perLabel(
  drivers: Partial<CostDrivers>,
  overrides: Partial<CostChangeDecomposition> = {},
): CostChangeDecomposition {
  const all = { ...ZERO, ...drivers };
  const change = Object.values(all).reduce((a, b) => a + b, 0);
  return {
    measure: "per_accepted_label",
    base: 0.2083,
    current: 0.2083 + change,
    change,
    drivers: all,
    quality: { gold: all.quality, rework: 0 },
    segments: [
      { segment: "relevance × de", base: 0.1, current: 0.1, change: 0, drivers: { ...ZERO, overlap: all.overlap } },
      {
        segment: "relevance × fr",
        base: 0.1,
        current: 0.1,
        change: 0,
        drivers: { ...ZERO, quality: all.quality, efficiency: all.efficiency },
      },
    ],
    ...overrides,
  };
}

describe("the cost-change sentence", () => {
  it("names the change, the drivers behind it largest first, where most of one happened, and what offset it", () => {
    const sentence = describeCostChange(perLabel({ overlap: 0.031, quality: 0.014, efficiency: -0.02 }), "USD");
    expect(sentence).toBe(
      "cost per accepted label +12%: overlap +3.1¢ in relevance × de, gold overhead +1.4¢ in relevance × fr, " +
        "partly offset by faster work −2.0¢ in relevance × fr",
    );
  });

  it("leads with the falling drivers when the cost fell, and leaves out negligible ones", () => {
    const decomposition = perLabel({ rate: -0.03, efficiency: 0.01, mix: 0.0001 }, { segments: [] });
    expect(describeCostChange(decomposition, "EUR")).toBe(
      "cost per accepted label −9.6%: lower rates −€0.030, partly offset by slower work +€0.010",
    );
  });

  it("says rework when rework drives quality, and handles totals, no change and nothing to compare with", () => {
    const rework = perLabel({ quality: 0.02 }, { quality: { gold: -0.001, rework: 0.021 }, segments: [] });
    expect(describeCostChange(rework, "USD")).toBe("cost per accepted label +9.6%: rework +2.0¢");
    const total: CostChangeDecomposition = {
      ...perLabel({ volume: 1200, rate: -200 }, { segments: [] }),
      measure: "total",
      base: 10_000,
      current: 11_000,
    };
    expect(describeCostChange(total, "USD")).toBe(
      "cost +10%: volume +$1,200.00, partly offset by lower rates −$200.00",
    );
    expect(describeCostChange({ ...total, base: 0, current: 1000, change: 1000 }, "JPY")).toBe(
      "cost +¥1,000 from nothing: volume +¥1,200, partly offset by lower rates −¥200",
    );
    expect(describeCostChange({ ...total, change: 0, drivers: { ...ZERO, rate: 50, efficiency: -50 } }, "USD")).toBe(
      "cost unchanged: higher rates +$50.00, offset by faster work −$50.00",
    );
    expect(describeCostChange({ ...total, base: 0, current: 0, change: 0, drivers: ZERO }, "USD")).toBe(
      "cost was nothing in both periods",
    );
  });

  it("writes money and percentages the reader's way in their locale, in the amount's currency", () => {
    const total: CostChangeDecomposition = {
      ...perLabel({ volume: 1200, rate: -200 }, { segments: [] }),
      measure: "total",
      base: 10_000,
      current: 11_000,
    };
    expect(describeCostChange(total, "USD", "de")).toBe(
      "cost +10\u00a0%: volume +1.200,00\u00a0$, partly offset by lower rates −200,00\u00a0$",
    );
    const rework = perLabel({ quality: 0.02 }, { quality: { gold: -0.001, rework: 0.021 }, segments: [] });
    // Cents as "¢" only for English readers; others get the currency with one more digit.
    expect(describeCostChange(rework, "USD", "de")).toBe("cost per accepted label +9,6\u00a0%: rework +0,020\u00a0$");
    expect(describeCostChange(rework, "EUR", "fr")).toBe("cost per accepted label +9,6\u00a0%: rework +0,020\u00a0€");
  });

  it("formats money in the currency's minor units, with one more digit below one unit", () => {
    expect(formatMoney(1234.5, "USD")).toBe("$1,234.50");
    expect(formatMoney(0.031, "USD")).toBe("3.1¢");
    expect(formatMoney(-0.5, "EUR")).toBe("−€0.500");
    expect(formatMoney(1500, "JPY")).toBe("¥1,500");
    expect(() => formatMoney(1, "XXXX")).toThrow(/not a currency code/);
  });

  it("describes a real decomposition, whose rounded drivers add up to the rounded change", () => {
    const de: SegmentCost = {
      segment: "relevance × de",
      items: 10_000,
      overlap: 3,
      goldShare: 0.1,
      reworkShare: 0.05,
      minutesPerJudgment: 1.5,
      hourlyRate: 18,
    };
    const fr: SegmentCost = { ...de, segment: "relevance × fr", items: 8_000, minutesPerJudgment: 1.4, hourlyRate: 17 };
    const base = [de, fr];
    const current = [
      { ...de, items: 12_000, overlap: 3.6, goldShare: 0.12, minutesPerJudgment: 1.4 },
      { ...fr, reworkShare: 0.04, minutesPerJudgment: 1.3, hourlyRate: 18 },
    ];
    const decomposition = decomposeCostChange(base, current, "per_accepted_label");
    expect(describeCostChange(decomposition, "USD")).toMatch(
      /^cost per accepted label \+8\.8%: overlap \+17\.8¢ in relevance × de, .*partly offset by faster work −11\.0¢/,
    );
    const rounded = roundCostChange(decomposeCostChange(base, current), 2);
    expect(Object.values(rounded.drivers).reduce((a, b) => a + b, 0)).toBe(rounded.change);
    expect(rounded.change).toBe(rounded.current - rounded.base);
  });
});
