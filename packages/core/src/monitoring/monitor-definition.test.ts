import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { checkMonitorDefinition, type MonitorDefinition } from "./monitor-definition.js";
import { dailyEvaluationDue, evaluationWindows } from "./monitor-windows.js";

const base: MonitorDefinition = {
  metric: "throughput",
  scope: { projectId: 1, vendor: null, language: null },
  schedule: "realtime",
  windowMinutes: 5,
  condition: { type: "change", direction: "drop", percent: 50 },
};

function paths(definition: MonitorDefinition): string[] {
  try {
    checkMonitorDefinition(definition);
    return [];
  } catch (error) {
    return (error as DomainError).details.map((d) => d.path);
  }
}

describe("checkMonitorDefinition", () => {
  it("accepts a valid monitor and returns its metric", () => {
    expect(checkMonitorDefinition(base).name).toBe("throughput");
  });

  it("names the field that does not fit the metric", () => {
    expect(paths({ ...base, metric: "nope" })).toEqual(["metric"]);
    expect(paths({ ...base, scope: { ...base.scope, language: "de" } })).toEqual(["language"]);
    expect(paths({ ...base, metric: "open_backlog", scope: { ...base.scope, vendor: "Acme" } })).toEqual([
      "vendor",
      "condition.type",
    ]);
    expect(paths({ ...base, windowMinutes: 0 })).toEqual(["windowMinutes"]);
    expect(paths({ ...base, condition: { type: "forecast", baselinePeriods: 2 } })).toEqual([
      "condition.baselinePeriods",
    ]);
    expect(() => checkMonitorDefinition({ ...base, metric: "nope" })).toThrow(DomainError);
  });
});

describe("evaluationWindows", () => {
  const now = 1_800_000_123_456;
  it("compares the trailing window with the windows just before it", () => {
    const windows = evaluationWindows(
      { ...base, condition: { type: "change", direction: "drop", percent: 50, baselinePeriods: 2 } },
      now,
    );
    expect(windows.current).toEqual({ from: now - 300_000, to: now });
    expect(windows.baseline).toEqual([
      { from: now - 600_000, to: now - 300_000 },
      { from: now - 900_000, to: now - 600_000 },
    ]);
  });

  it("evaluates daily monitors on the last complete UTC day, once per day", () => {
    const day = 86_400_000;
    const windows = evaluationWindows({ ...base, schedule: "daily" }, now);
    const today = Math.floor(now / day) * day;
    expect(windows.current).toEqual({ from: today - day, to: today });
    expect(windows.baseline).toHaveLength(12);
    expect(dailyEvaluationDue(null, now)).toBe(true);
    expect(dailyEvaluationDue(today + 1, now)).toBe(false);
    expect(dailyEvaluationDue(today - 1, now)).toBe(true);
  });
});
