import { describe, expect, it } from "vitest";
import { alertTransition, describeOutcome, evaluateCondition } from "./evaluate-condition.js";

describe("evaluateCondition", () => {
  it("breaches a threshold only on the chosen side", () => {
    expect(evaluateCondition({ type: "threshold", operator: "below", value: 100 }, 99, []).status).toBe("breached");
    expect(evaluateCondition({ type: "threshold", operator: "below", value: 100 }, 100, []).status).toBe("ok");
    expect(evaluateCondition({ type: "threshold", operator: "above", value: 0.2 }, 0.3, []).status).toBe("breached");
  });

  it("measures a change against the baseline mean, in the chosen direction", () => {
    const drop = { type: "change", direction: "drop", percent: 50 } as const;
    const baseline = [100, 120, 80];
    expect(evaluateCondition(drop, 50, baseline)).toMatchObject({ status: "breached", expected: 100, lower: 50 });
    expect(evaluateCondition(drop, 51, baseline).status).toBe("ok");
    expect(evaluateCondition(drop, 300, baseline).status).toBe("ok");
    const rise = { type: "change", direction: "rise", percent: 50 } as const;
    expect(evaluateCondition(rise, 150, baseline).status).toBe("breached");
  });

  it("flags values outside mean ± z·sd of the baseline", () => {
    // mean 12, sample sd 2: with z = 2 the interval is [8, 16].
    const forecast = { type: "forecast", z: 2 } as const;
    expect(evaluateCondition(forecast, 17, [10, 12, 14])).toMatchObject({ status: "breached", lower: 8, upper: 16 });
    expect(evaluateCondition(forecast, 15, [10, 12, 14]).status).toBe("ok");
    expect(evaluateCondition(forecast, 7, [10, 12, 14]).status).toBe("breached");
  });

  it("says nothing without a value or enough baseline", () => {
    expect(evaluateCondition({ type: "threshold", operator: "below", value: 1 }, null, []).status).toBe("no_data");
    expect(evaluateCondition({ type: "change", direction: "drop", percent: 10 }, 5, [null, null]).status).toBe(
      "no_data",
    );
    expect(evaluateCondition({ type: "change", direction: "drop", percent: 10 }, 5, [0, 0]).status).toBe("no_data");
    expect(evaluateCondition({ type: "forecast" }, 5, [1, 2, null]).status).toBe("no_data");
  });
});

describe("alertTransition", () => {
  it("raises once, keeps the alert open while breached or unknown, resolves when clear", () => {
    expect(alertTransition("breached", false)).toBe("raise");
    expect(alertTransition("breached", true)).toBe("none");
    expect(alertTransition("no_data", true)).toBe("none");
    expect(alertTransition("ok", true)).toBe("resolve");
    expect(alertTransition("ok", false)).toBe("none");
  });
});

describe("describeOutcome", () => {
  it("names the metric, the value and the change", () => {
    const condition = { type: "change", direction: "drop", percent: 50 } as const;
    const outcome = evaluateCondition(condition, 25, [100]);
    expect(describeOutcome({ title: "Throughput", unit: "judgments/hour" }, condition, outcome)).toBe(
      "Throughput 25 judgments/hour is down 75% against the baseline 100 (alert at a drop of 50%)",
    );
  });
});
