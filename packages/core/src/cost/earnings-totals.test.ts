import { describe, expect, it } from "vitest";
import { earningsTotals } from "./earnings-totals.js";

describe("earningsTotals", () => {
  it("sums pay, active time and judgments per currency, never across currencies", () => {
    const day = (currency: string, payMinor: number) => ({ currency, payMinor, activeMs: 1_000, judgments: 2 });
    expect(earningsTotals([day("USD", 10), day("EUR", 7), day("USD", 5)])).toEqual([
      { currency: "USD", payMinor: 15, activeMs: 2_000, judgments: 4 },
      { currency: "EUR", payMinor: 7, activeMs: 1_000, judgments: 2 },
    ]);
    expect(earningsTotals([])).toEqual([]);
  });
});
