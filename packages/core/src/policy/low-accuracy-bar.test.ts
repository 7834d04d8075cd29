import { describe, expect, it } from "vitest";
import { lowAccuracyBar } from "./quality-policy.js";

describe("lowAccuracyBar", () => {
  it("marks low gold accuracy at the project's own minimum, and at 80% where it sets none", () => {
    expect(lowAccuracyBar({ minAccuracy: 0.6 })).toBe(0.6);
    expect(lowAccuracyBar({ minAccuracy: 0.95 })).toBe(0.95);
    expect(lowAccuracyBar({ minAccuracy: 0 })).toBe(0.8);
  });
});
