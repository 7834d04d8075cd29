import { describe, expect, it } from "vitest";
import { describeDecision, formatPercent, formatPValue } from "./describe-decision.js";
import { nonInferiority } from "./non-inferiority.js";

const lift = (value: number, lower: number, upper: number) => ({
  lift: value,
  interval: [lower, upper] as [number, number],
});

describe("nonInferiority", () => {
  it("passes when the interval's lower end is above −margin", () => {
    expect(nonInferiority(lift(-0.005, -0.015, 0.005), { margin: 0.02 })).toEqual({
      nonInferior: true,
      bound: -0.015,
      margin: 0.02,
    });
    expect(nonInferiority(lift(0.01, -0.025, 0.045), { margin: 0.02 }).nonInferior).toBe(false);
  });

  it("looks at the upper end when lower is better", () => {
    expect(nonInferiority(lift(0.01, -0.01, 0.03), { margin: 0.05, higherIsBetter: false }).nonInferior).toBe(true);
    expect(nonInferiority(lift(0.01, -0.01, 0.03), { margin: 0.02, higherIsBetter: false })).toMatchObject({
      nonInferior: false,
      bound: 0.03,
    });
  });
});

describe("describeDecision", () => {
  const throughput = { metric: "throughput", estimate: lift(-0.004, -0.015, 0.007), margin: 0.02 };

  it("ships when the primary metric improves and the guardrails hold", () => {
    const decision = describeDecision({
      treatment: "B",
      primary: { metric: "gold accuracy", estimate: lift(0.041, 0.012, 0.07) },
      guardrails: [throughput],
    });
    expect(decision).toEqual({
      verdict: "ship",
      summary: "ship B: +4.1% gold accuracy [1.2%, 7.0%], throughput not worse than −2.0%",
    });
  });

  it("does not ship when a guardrail cannot rule out a loss beyond its margin", () => {
    const decision = describeDecision({
      treatment: "B",
      primary: { metric: "gold accuracy", estimate: lift(0.041, 0.012, 0.07) },
      guardrails: [{ ...throughput, estimate: lift(-0.035, -0.06, -0.01) }],
    });
    expect(decision.verdict).toBe("do_not_ship");
    expect(decision.summary).toBe(
      "do not ship B yet: +4.1% gold accuracy [1.2%, 7.0%], but throughput may be worse than −2.0% (−3.5% [−6.0%, −1.0%])",
    );
  });

  it("does not ship a clear loss, keeps testing an unclear result, and respects lower-is-better metrics", () => {
    expect(
      describeDecision({ treatment: "B", primary: { metric: "gold accuracy", estimate: lift(-0.03, -0.051, -0.009) } }),
    ).toEqual({ verdict: "do_not_ship", summary: "do not ship B: −3.0% gold accuracy [−5.1%, −0.9%]" });
    expect(
      describeDecision({ treatment: "B", primary: { metric: "gold accuracy", estimate: lift(0.01, -0.012, 0.031) } }),
    ).toEqual({
      verdict: "keep_testing",
      summary: "no decision on B yet: +1.0% gold accuracy [−1.2%, 3.1%] still includes no change",
    });
    const cheaper = describeDecision({
      treatment: "C",
      primary: { metric: "cost per label", estimate: lift(-0.08, -0.12, -0.04), higherIsBetter: false },
      guardrails: [{ metric: "gold accuracy", estimate: lift(-0.002, -0.009, 0.005), margin: 0.01 }],
    });
    expect(cheaper).toEqual({
      verdict: "ship",
      summary: "ship C: −8.0% cost per label [−12.0%, −4.0%], gold accuracy not worse than −1.0%",
    });
  });

  it("refuses to decide on a sample-ratio mismatch", () => {
    const decision = describeDecision({
      treatment: "B",
      primary: { metric: "gold accuracy", estimate: lift(0.041, 0.012, 0.07) },
      srm: { mismatch: true, pValue: 8.77e-5 },
    });
    expect(decision.verdict).toBe("check_assignment");
    expect(decision.summary).toMatch(
      /^do not decide on B: units are not split as planned \(sample-ratio mismatch, p = 8\.8e-5\)/,
    );
  });

  it("formats percentages with a true minus sign", () => {
    expect(formatPercent(0.0414, true)).toBe("+4.1%");
    expect(formatPercent(-0.02)).toBe("−2.0%");
    expect(formatPercent(0.07)).toBe("7.0%");
    expect(formatPercent(-0.0001, true)).toBe("0.0%");
  });
});

describe("formatPValue", () => {
  it("keeps two significant digits and switches to scientific notation below 0.001", () => {
    expect(formatPValue(0.61795)).toBe("0.62");
    expect(formatPValue(0.0031167)).toBe("0.0031");
    expect(formatPValue(8.77e-5)).toBe("8.8e-5");
    expect(formatPValue(0)).toBe("0");
  });
});
