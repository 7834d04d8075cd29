import { describe, expect, it } from "vitest";
import { creditedActiveMs, MAX_ITEM_ACTIVE_MS, retryAllowedAt } from "./exam-attempt-rules.js";
import { EXAM_PASSED_ACTION, statusAfterReversing } from "./retrain-exit.js";

const HOUR = 3_600_000;
const T = 1_800_000_000_000;

describe("retryAllowedAt", () => {
  it("lets a first attempt start at once", () => {
    expect(retryAllowedAt([], 24 * HOUR, T)).toBeNull();
  });

  it("waits the delay after the latest failure", () => {
    const failed = [
      { status: "failed" as const, decidedAt: T - 30 * HOUR },
      { status: "failed" as const, decidedAt: T - 2 * HOUR },
    ];
    expect(retryAllowedAt(failed, 24 * HOUR, T)).toBe(T + 22 * HOUR);
    expect(retryAllowedAt(failed, 24 * HOUR, T + 22 * HOUR)).toBeNull();
    expect(retryAllowedAt(failed, 0, T)).toBeNull();
  });

  it("does not hold back after a pass or while an attempt runs", () => {
    expect(retryAllowedAt([{ status: "passed", decidedAt: T - HOUR }], 24 * HOUR, T)).toBeNull();
    expect(retryAllowedAt([{ status: "in_progress", decidedAt: null }], 24 * HOUR, T)).toBeNull();
  });
});

describe("creditedActiveMs", () => {
  it("credits the client's active time, never more than the time since the item was served", () => {
    expect(creditedActiveMs(4_000, T - 10_000, T)).toBe(4_000);
    expect(creditedActiveMs(60_000, T - 10_000, T)).toBe(10_000);
    expect(creditedActiveMs(-5, T - 10_000, T)).toBe(0);
  });

  it("without a measurement, credits the time since serving up to five minutes", () => {
    expect(creditedActiveMs(undefined, T - 10_000, T)).toBe(10_000);
    expect(creditedActiveMs(undefined, T - HOUR, T)).toBe(MAX_ITEM_ACTIVE_MS);
    expect(creditedActiveMs(undefined, null, T)).toBe(0);
  });
});

describe("statusAfterReversing", () => {
  it("sends an annotator whose exam pass is reversed back to retraining, others to ok", () => {
    expect(statusAfterReversing(EXAM_PASSED_ACTION)).toBe("retrain");
    expect(statusAfterReversing("pause")).toBe("ok");
    expect(statusAfterReversing("retrain")).toBe("ok");
  });
});
