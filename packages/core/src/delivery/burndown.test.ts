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

  it("runs the projections to zero at the forecast's median and 85th-percentile finish", () => {
    const now = T0 + 4 * H;
    const finish = { likely: T0 + 16 * H, late: T0 + 28 * H };
    const series = burndownSeries(timeline, 30, now, T0 + 10 * H, T0, finish);
    // The axis reaches the late finish, past the deadline.
    expect(series.times[series.times.length - 1]).toBe(finish.late / 1000);
    const at = (ms: number) => series.times.indexOf(ms / 1000);
    expect(series.projection[at(now)]).toBe(30);
    expect(series.projection[at(T0 + 10 * H)]).toBeCloseTo(15, 9); // half way from now to the median finish
    expect(series.projection[at(finish.likely)]).toBe(0);
    expect(series.projectionLate[at(T0 + 16 * H)]).toBeCloseTo(15, 9);
    expect(series.projectionLate[at(finish.late)]).toBe(0);
    expect(series.projection[at(now) - 1]).toBeNull();
  });

  it("draws a flat projection when the forecast has no finish (no throughput)", () => {
    const series = burndownSeries(timeline, 30, T0 + 4 * H, T0 + 10 * H, T0, { likely: null, late: null });
    expect(series.projection.filter((v) => v !== null).every((v) => v === 30)).toBe(true);
    expect(series.projectionLate[series.projectionLate.length - 1]).toBe(30);
  });

  it("gives a forecast of never a week of flat lines, not an axis that ends now", () => {
    // One hour of history and no deadline: the axis used to end at now, one point wide.
    const now = T0 + 4 * H;
    const series = burndownSeries(timeline.slice(-1), 30, now, null, T0 + 3 * H, { likely: null, late: null });
    expect(series.times.at(-1)).toBe(now / 1000 + 7 * 24 * 3600);
    expect(series.projectionLate.at(-1)).toBe(30);
  });
});
