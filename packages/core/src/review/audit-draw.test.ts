import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { mulberry32 } from "../quality/random.js";
import { startAuditDraw } from "./audit-draw.js";
import { auditSampleSize } from "./audit-sample-size.js";

describe("startAuditDraw", () => {
  it("counts the population and sizes the sample for it, with distinct candidates from the stream", () => {
    const draw = startAuditDraw({ margin: 0.05, confidence: 0.95, scope: "project" }, mulberry32(7));
    for (let id = 1; id <= 1000; id++) draw.offer(id);
    const result = draw.finish();
    const size = auditSampleSize({ margin: 0.05, confidence: 0.95 });
    expect(result.population).toBe(1000);
    expect(result.sampleSize).toBe(size.forPopulation(1000));
    expect(result.candidates).toHaveLength(size.unbounded);
    expect(new Set(result.candidates).size).toBe(result.candidates.length);
    expect(result.candidates.every((id) => id >= 1 && id <= 1000)).toBe(true);
  });

  it("takes every task of a population smaller than the sample", () => {
    const draw = startAuditDraw({ margin: 0.02, confidence: 0.95, scope: "project" }, mulberry32(1));
    for (const id of [4, 8, 15]) draw.offer(id);
    const result = draw.finish();
    expect(result.sampleSize).toBe(3);
    expect([...result.candidates].sort((a, b) => a - b)).toEqual([4, 8, 15]);
  });

  it("refuses an empty population, pointing at the scope that was asked for", () => {
    const draw = startAuditDraw({ margin: 0.02, confidence: 0.95, scope: "batchId" }, mulberry32(1));
    try {
      draw.finish();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("nothing_to_audit");
      expect((error as DomainError).details).toEqual([{ path: "batchId", message: "no done tasks" }]);
    }
  });
});
