import { describe, expect, it } from "vitest";
import { burndownSeries } from "./burndown.js";

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 1, 0);
const timeline = [5, 0, 10, 5].map((judgments, i) => ({ hour: new Date(T0 + i * H).toISOString(), judgments }));

describe("burndownSeries", () => {
  it("reconstructs past remaining work from later judgments", () => {
    const series = burndownSeries(timeline, 30, T0 + 4 * H, null, T0);
    expect(series.times.slice(0, 4)).toEqual([1, 2, 3, 4].map((i) => (T0 + i * H) / 1000));
    expect(series.remaining.slice(0, 4)).toEqual([45, 45, 35, 30]);
  });

  it("draws the ideal line to zero at the deadline and extends the axis to it", () => {
    const deadline = T0 + 10 * H;
    const series = burndownSeries(timeline, 30, T0 + 4 * H, deadline, T0);
    expect(series.times[series.times.length - 1]).toBe(deadline / 1000);
    expect(series.ideal[0]).toBe(45);
    expect(series.ideal[series.ideal.length - 1]).toBe(0);
    expect(series.remaining[series.remaining.length - 1]).toBeNull();
  });

  it("projects the last day's pace from now", () => {
    const series = burndownSeries(timeline, 30, T0 + 4 * H, T0 + 10 * H, T0);
    const nowIndex = 3;
    expect(series.projection[nowIndex - 1]).toBeNull();
    expect(series.projection[nowIndex]).toBe(30);
    // 20 judgments in the last 24 h is 20/24 per hour; six hours later 5 fewer remain
    expect(series.projection[series.projection.length - 1]).toBeCloseTo(25, 5);
  });

  it("starts at the hour the project was created, not at the start of the stats window", () => {
    const created = T0 + 2 * H + 20 * 60_000;
    const series = burndownSeries(timeline, 30, T0 + 4 * H, null, created);
    expect(series.times[0]).toBe((T0 + 3 * H) / 1000);
    expect(series.remaining.slice(0, 2)).toEqual([35, 30]);
  });
});
