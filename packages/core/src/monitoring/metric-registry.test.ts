import { describe, expect, it } from "vitest";
import { NO_ACTIVITY } from "./activity-sums.js";
import { type ActivityMetric, describeMetric, findMetric, METRICS, type TaskMetric } from "./metric-registry.js";
import { activitySeries } from "./metric-series.js";

const H = 3_600_000;
const activity = (name: string) => findMetric(name) as ActivityMetric;
const task = (name: string) => findMetric(name) as TaskMetric;
const sums = { judgments: 120, activeMs: 600_000, goldAnswered: 10, goldCorrect: 8 };

describe("the metric registry", () => {
  it("computes each activity metric from the roll-up sums", () => {
    expect(activity("judgments").value(sums, H)).toBe(120);
    expect(activity("throughput").value(sums, H / 2)).toBe(240);
    expect(activity("active_hours").value(sums, H)).toBeCloseTo(1 / 6);
    expect(activity("gold_accuracy").value(sums, H)).toBe(0.8);
    expect(activity("average_handling_time").value(sums, H)).toBe(5);
    expect(activity("gold_accuracy").value(NO_ACTIVITY, H)).toBeNull();
    expect(activity("average_handling_time").value(NO_ACTIVITY, H)).toBeNull();
  });

  it("computes task metrics from counts by status", () => {
    const counts = { open: 5, full: 3, done: 2 };
    expect(task("open_backlog").value(counts)).toBe(8);
    expect(task("tasks_done").value(counts)).toBe(2);
    expect(task("completion").value(counts)).toBe(0.2);
    expect(task("completion").value({ open: 0, full: 0, done: 0 })).toBeNull();
  });

  it("describes every metric with its formula, unit and dimensions, and no code", () => {
    for (const metric of METRICS) {
      const described = describeMetric(metric);
      expect(described.formula.length).toBeGreaterThan(5);
      expect(described.dimensions).toContain("project");
      expect(JSON.parse(JSON.stringify(described))).toEqual(described);
    }
    expect(new Set(METRICS.map((m) => m.name)).size).toBe(METRICS.length);
  });
});

describe("activitySeries", () => {
  it("fills empty buckets and divides the current partial hour by the time gone", () => {
    const from = 10 * H;
    const to = 12 * H + H / 4;
    const rows = [
      { bucket: 10 * H, group: "all", sums },
      { bucket: 12 * H, group: "all", sums: { ...sums, judgments: 30 } },
    ];
    const [series] = activitySeries(activity("throughput"), rows, { from, to, grain: "hour" });
    expect(series?.points.map((p) => p.value)).toEqual([120, 0, 120]);
    expect(series?.total).toBeCloseTo(150 / 2.25);
    const [accuracy] = activitySeries(activity("gold_accuracy"), rows, { from, to, grain: "hour" });
    expect(accuracy?.points.map((p) => p.value)).toEqual([0.8, null, 0.8]);
  });

  it("adds hours into days", () => {
    const D = 24 * H;
    const rows = [
      { bucket: 3 * D + H, group: "a", sums },
      { bucket: 3 * D + 5 * H, group: "a", sums },
      { bucket: 3 * D + 5 * H, group: "b", sums },
    ];
    const series = activitySeries(activity("judgments"), rows, { from: 3 * D, to: 4 * D, grain: "day" });
    expect(series.map((s) => [s.group, s.points[0]?.value])).toEqual([
      ["a", 240],
      ["b", 120],
    ]);
  });
});
