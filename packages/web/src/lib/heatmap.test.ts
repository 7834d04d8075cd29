import { describe, expect, it } from "vitest";
import { confusionTable, heatColor } from "./heatmap.js";

describe("confusionTable", () => {
  it("turns counts into row shares with recall and overall accuracy", () => {
    const table = confusionTable([
      [8, 2],
      [1, 3],
    ]);
    expect(table.total).toBe(14);
    expect(table.accuracy).toBeCloseTo(11 / 14);
    expect(table.rows[0]?.cells.map((c) => c.share)).toEqual([0.8, 0.2]);
    expect(table.rows[0]?.cells.map((c) => c.diagonal)).toEqual([true, false]);
    expect(table.rows[1]?.recall).toBe(0.75);
  });

  it("copes with empty rows, ragged rows and nonsense counts", () => {
    const table = confusionTable([[0, 0], [5], [Number.NaN, -3, 2]]);
    expect(table.rows[0]?.recall).toBeNull();
    expect(table.rows[0]?.cells.every((c) => c.share === 0)).toBe(true);
    expect(table.rows[1]?.cells.map((c) => c.count)).toEqual([5, 0, 0]);
    expect(table.rows[2]?.cells.map((c) => c.count)).toEqual([0, 0, 2]);
    expect(confusionTable([]).accuracy).toBeNull();
  });
});

describe("heatColor", () => {
  const channels = (rgb: string) => (rgb.match(/\d+/g) ?? []).map(Number);

  it("runs from white at 0 to the full colour at 1", () => {
    expect(heatColor(0, "agree").background).toBe("rgb(255, 255, 255)");
    expect(heatColor(1, "agree").background).toBe("rgb(67, 56, 202)");
    expect(heatColor(1, "confuse").background).toBe("rgb(190, 18, 60)");
  });

  it("gets darker as the share grows, and clamps out-of-range shares", () => {
    const sum = (share: number) => channels(heatColor(share, "agree").background).reduce((a, b) => a + b, 0);
    expect(sum(0.1)).toBeGreaterThan(sum(0.4));
    expect(sum(0.4)).toBeGreaterThan(sum(0.9));
    expect(heatColor(7, "agree")).toEqual(heatColor(1, "agree"));
    expect(heatColor(Number.NaN, "agree")).toEqual(heatColor(0, "agree"));
  });

  it("picks the readable text colour", () => {
    expect(heatColor(0.02, "confuse").color).toBe("#1c1c22");
    expect(heatColor(1, "agree").color).toBe("#ffffff");
    expect(heatColor(1, "confuse").color).toBe("#ffffff");
  });
});
