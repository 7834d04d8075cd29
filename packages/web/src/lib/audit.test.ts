import { expect, it } from "vitest";
import { auditProgress, describePlan, plannedSample } from "./audit.js";

it("sizes an audit like the server: 2,401 for ±2 points at 95%, fewer for a small population", () => {
  const size = plannedSample(2, 0.95, 5000);
  expect(size?.unbounded).toBe(2401);
  expect(size?.forPopulation).toBe(1623);
  expect(plannedSample(2, 0.95, 8)?.forPopulation).toBe(8);
  expect(plannedSample(2, 0.95, 0)?.forPopulation).toBe(0);
});

it("refuses margins and confidences out of range", () => {
  expect(plannedSample(0, 0.95, 100)).toBeNull();
  expect(plannedSample(Number.NaN, 0.95, 100)).toBeNull();
  expect(plannedSample(2, 1, 100)).toBeNull();
});

it("reports progress and describes a plan", () => {
  expect(auditProgress({ reviewed: 3, plan: { sampleSize: 12 } })).toBe(0.25);
  expect(auditProgress({ reviewed: 0, plan: { sampleSize: 0 } })).toBe(1);
  expect(describePlan({ margin: 0.02, confidence: 0.95 })).toBe("±2 points at 95%");
});
