import { describe, expect, it } from "vitest";
import { throughputView } from "./throughput.js";

const days = (...judgments: number[]) => judgments.map((n, i) => ({ day: `2026-12-0${i + 1}`, judgments: n }));

describe("throughputView", () => {
  it("says a brand-new project has no judgments yet instead of drawing a row of zeros", () => {
    expect(throughputView(0, days(0, 0, 0))).toBe("no_judgments_yet");
    expect(throughputView(0, [])).toBe("no_judgments_yet");
  });

  it("says so when the project's judgments all fall before the window", () => {
    expect(throughputView(120, days(0, 0, 0))).toBe("none_in_window");
  });

  it("keeps the chart when a day of the window has judgments", () => {
    expect(throughputView(3, days(0, 3, 0))).toBe("chart");
  });
});
