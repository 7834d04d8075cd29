import { describe, expect, it } from "vitest";
import { formatArmMean } from "./experiment-means.js";

describe("an experiment arm's mean, as its reader reads it", () => {
  const en = { locale: "en", currency: "USD" };

  it("gives the money metrics (minor units) as money in the currency, not scientific notation", () => {
    expect(formatArmMean("earnings_per_hour", 1202.7575, en)).toBe("$12.03");
    expect(formatArmMean("cost_per_accepted_label", 9.8117, en)).toBe("$0.0981");
    expect(formatArmMean("earnings_per_hour", 1202.7575, { locale: "de", currency: "EUR" })).toBe("12,03\u00a0€");
    expect(formatArmMean("earnings_per_hour", 1202.7575, { locale: "en", currency: null })).toBe("1,202.8");
  });

  it("gives shares as percentages, handling time in seconds, throughput as a number", () => {
    expect(formatArmMean("gold_accuracy", 0.7878, en)).toBe("78.8%");
    expect(formatArmMean("retention", 1, en)).toBe("100%");
    expect(formatArmMean("handling_time", 22.2298, en)).toBe("22.2 sec");
    expect(formatArmMean("throughput", 161.9446, { locale: "de", currency: "USD" })).toBe("161,9");
  });
});
