import { describe, expect, it } from "vitest";
import { payResponse } from "../delivery/pay-response.js";
import type { PoolMember } from "../delivery/pool-simulation.js";
import { mulberry32, standardNormal } from "../quality/random.js";
import { estimatePayElasticity, type PayArm } from "./pay-elasticity.js";

/** Rate cards in force paying in US dollars. */
const USD = { currency: "USD", exponent: 2 };

/** `n` annotators at `pay`: each works `hours` (jittered) at `rate(pay)` judgments an hour, with noise. */
function arm(name: string, pay: number, n: number, rate: number, seed: number, noise = 0.2, currency = "USD"): PayArm {
  const random = mulberry32(seed);
  return {
    arm: name,
    payMinor: pay,
    payCurrency: currency,
    units: Array.from({ length: n }, () => {
      const hours = 2 + 4 * random();
      return { numerator: Math.max(0, rate * hours * (1 + noise * standardNormal(random))), denominator: hours };
    }),
  };
}

describe("estimatePayElasticity", () => {
  it("is the log ratio of two arms' throughputs over the log ratio of their pay", () => {
    const arms: PayArm[] = [
      {
        arm: "low",
        payMinor: 10,
        payCurrency: "USD",
        units: [
          { numerator: 50, denominator: 1 },
          { numerator: 70, denominator: 1 },
        ],
      },
      {
        arm: "high",
        payMinor: 20,
        payCurrency: "USD",
        units: [
          { numerator: 80, denominator: 1 },
          { numerator: 100, denominator: 1 },
        ],
      },
    ];
    const estimate = estimatePayElasticity(arms, USD).estimate!;
    expect(estimate.elasticity).toBeCloseTo(Math.log(90 / 60) / Math.log(2), 12);
    // Var log R ≈ Var R / R²; Var R of two units (1 hour each) is s²/n = ((x₁ − x₂)/2)²·2/2 / 2.
    const varLog = (a: number, b: number) => (a - b) ** 2 / 2 / 2 / ((a + b) / 2) ** 2;
    expect(estimate.standardError).toBeCloseTo(Math.sqrt(varLog(50, 70) + varLog(80, 100)) / Math.log(2), 12);
    expect(estimate.arms.map((a) => a.throughput)).toEqual([60, 90]);
  });

  it("needs two distinct pays with measured units", () => {
    expect(estimatePayElasticity([arm("a", 10, 5, 60, 1), arm("b", 10, 5, 80, 2)], USD).estimate).toBeUndefined();
    expect(estimatePayElasticity([arm("a", 10, 5, 60, 1), arm("b", 20, 1, 80, 2)], USD).estimate).toBeUndefined();
  });

  it("covers the true elasticity about 95% of the time (3 arms, simulated with a fixed seed)", () => {
    const truth = 0.4;
    let covered = 0;
    const runs = 400;
    for (let run = 0; run < runs; run++) {
      const arms = [10, 15, 20].map((pay, i) => arm(`p${pay}`, pay, 30, 60 * (pay / 10) ** truth, 1000 * run + i));
      const { ci95 } = estimatePayElasticity(arms, USD).estimate!;
      if (ci95[0] <= truth && truth <= ci95[1]) covered += 1;
    }
    // 95% ± 3 binomial standard errors (≈ 3.3 points at 400 runs).
    expect(covered / runs).toBeGreaterThan(0.915);
    expect(covered / runs).toBeLessThan(0.985);
  });
});

describe("estimatePayElasticity over arms in more than one currency", () => {
  const dollars = [arm("low", 10, 20, 60, 1), arm("high", 20, 20, 75, 2)];

  it("compares only pays in the cards' currency: an arm in another is left out with its reason", () => {
    // 15 euro cents would sit between the two dollar pays; its throughput would bend the slope.
    const euros = arm("euros", 15, 20, 200, 3, 0.2, "EUR");
    const mixed = estimatePayElasticity([dollars[0]!, euros, dollars[1]!], USD);
    expect(mixed.currency).toBe("USD");
    expect(mixed.excluded).toEqual([{ arm: "euros", payMinor: 15, payCurrency: "EUR", reason: "currency_differs" }]);
    expect(mixed.estimate).toEqual(estimatePayElasticity(dollars, USD).estimate);
    expect(mixed.estimate!.arms.map((a) => a.arm)).toEqual(["low", "high"]);
  });

  it("leaves out an arm whose currency is not known, and every arm when no card or cards in two currencies paid them", () => {
    const unknown: PayArm = { ...arm("old", 15, 20, 70, 4), payCurrency: undefined };
    const fit = estimatePayElasticity([...dollars, unknown], USD);
    expect(fit.excluded).toEqual([{ arm: "old", payMinor: 15, payCurrency: null, reason: "currency_unknown" }]);
    expect(fit.estimate!.arms).toHaveLength(2);
    for (const [cards, reason] of [
      ["mixed", "cards_mixed"],
      ["none", "no_card"],
    ] as const) {
      const none = estimatePayElasticity(dollars, cards);
      expect(none).toEqual({
        currency: null,
        estimate: undefined,
        excluded: dollars.map((a) => ({ arm: a.arm, payMinor: a.payMinor, payCurrency: "USD", reason })),
      });
    }
  });

  it("has no estimate when an excluded arm leaves one pay, and still says which arm was left out", () => {
    const fit = estimatePayElasticity([dollars[0]!, arm("euros", 20, 20, 90, 5, 0.2, "EUR")], USD);
    expect(fit.estimate).toBeUndefined();
    expect(fit.excluded.map((a) => a.reason)).toEqual(["currency_differs"]);
  });
});

describe("payResponse", () => {
  const pool: PoolMember[] = [0, 1, 2].map((id) => ({
    id,
    languages: ["de"],
    dailyActiveMs: [3_600_000, 0],
    dailyJudgments: [90, 0],
    goldAnswered: 0,
    goldCorrect: 0,
    timeZone: null,
    prices: { de: { perJudgmentMinor: 10 + 5 * id, perActiveHourMinor: 0, feeBps: 0 } },
  }));
  const report = (p85: number | null, days: number) => ({
    finishDays: { p50: p85, p70: p85, p85, p95: p85 },
    daysToDeadline: days,
    currency: "EUR",
  });
  const source = { experimentId: 3, name: "Pay test", projectId: 1, stoppedAt: 0 };

  it("says so when no pay experiment gives an elasticity", () => {
    const response = payResponse({ languages: ["de"] }, report(12, 6), pool, null);
    expect(response).toMatchObject({ elasticity: null, payNeeded: null, offeredPayMinor: 15, throughputPerHour: 90 });
    expect(response.summary).toMatch(/No finished pay experiment/);
  });

  it("buys the speed-up the deadline needs at pay × speed-up^(1/ε), with the interval mapped through", () => {
    const elasticity = {
      estimate: { elasticity: 0.5, ci95: [0.25, 0.75] as [number, number], currency: "USD", excluded: [] },
      source,
    };
    const { payNeeded } = payResponse({ languages: ["de"] }, report(12, 6), pool, elasticity);
    // Twice as fast: 2^(1/0.5) = 4× the pay; the interval from 2^(1/0.75) to 2^(1/0.25).
    expect(payNeeded!.multiple).toBeCloseTo(4, 12);
    expect(payNeeded!.minor).toBe(60);
    expect(payNeeded!.multipleCi95[0]).toBeCloseTo(2 ** (1 / 0.75), 12);
    expect(payNeeded!.multipleCi95[1]).toBeCloseTo(16, 12);
  });

  it("has no upper bound when the interval reaches zero, and no answer when pay is not shown to help", () => {
    const wide = {
      estimate: { elasticity: 0.3, ci95: [-0.1, 0.7] as [number, number], currency: "USD", excluded: [] },
      source,
    };
    expect(payResponse({ languages: ["de"] }, report(12, 6), pool, wide).payNeeded!.multipleCi95[1]).toBeNull();
    const none = {
      estimate: { elasticity: -0.1, ci95: [-0.4, 0.2] as [number, number], currency: "USD", excluded: [] },
      source,
    };
    const response = payResponse({ languages: ["de"] }, report(12, 6), pool, none);
    expect(response.payNeeded).toBeNull();
    expect(response.summary).toMatch(/not shown to raise throughput/);
  });

  it("counts hourly pay at each person's pace, so an hourly card's offered pay is not zero", () => {
    // 18.00 an active hour at 90 judgments an hour is 20 cents a judgment; plus a 2-cent piece rate.
    const hourly = pool.map((m) => ({
      ...m,
      prices: { de: { perJudgmentMinor: 2, perActiveHourMinor: 1800, feeBps: 0 } },
    }));
    const elasticity = {
      estimate: { elasticity: 0.5, ci95: [0.25, 0.75] as [number, number], currency: "USD", excluded: [] },
      source,
    };
    const response = payResponse({ languages: ["de"] }, report(12, 6), hourly, elasticity);
    expect(response.offeredPayMinor).toBeCloseTo(22, 9);
    expect(response.summary).toMatch(/^At the offered 0\.22 EUR per judgment/);
    expect(response.payNeeded!.minor).toBe(88);
  });

  it("gives the offered pay as a whole minor unit when hourly pay spreads to a fraction of one", () => {
    // 10.00 an active hour at 90 judgments an hour is 11.1 cents a judgment; plus a 2-cent piece rate.
    const hourly = pool.map((m) => ({
      ...m,
      prices: { de: { perJudgmentMinor: 2, perActiveHourMinor: 1000, feeBps: 0 } },
    }));
    const response = payResponse({ languages: ["de"] }, report(12, 6), hourly, null);
    expect(response.offeredPayMinor).toBe(13);
    expect(response.summary).toMatch(/^At the offered 0\.13 EUR per judgment/);
  });

  it("gives the least pay that still meets a deadline the offered pay beats", () => {
    const elasticity = {
      estimate: { elasticity: 0.5, ci95: [0.25, 0.75] as [number, number], currency: "USD", excluded: [] },
      source,
    };
    const { payNeeded } = payResponse({ languages: ["de"] }, report(3, 6), pool, elasticity);
    expect(payNeeded!.multiple).toBeCloseTo(0.25, 12);
    expect(payNeeded!.multipleCi95[0]!).toBeLessThan(payNeeded!.multiple);
    expect(payNeeded!.multipleCi95[1]!).toBeGreaterThan(payNeeded!.multiple);
  });
});
