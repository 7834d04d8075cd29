import { describe, expect, it } from "vitest";
import { freshnessCheck, rollupCheck } from "./metric-checks.js";
import {
  parseSignatureHeader,
  signatureHeader,
  signedContent,
  WEBHOOK_MAX_ATTEMPTS,
  webhookRetryDelay,
} from "./webhook-delivery.js";

describe("webhookRetryDelay", () => {
  it("doubles from 10 s, caps at an hour, spreads by ±20%, and stops after the last attempt", () => {
    expect([1, 2, 3, 4].map((a) => webhookRetryDelay(a, 0.5))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(webhookRetryDelay(9, 0.5)).toBe(2_560_000);
    expect(webhookRetryDelay(10, 0.5)).toBe(3_600_000);
    expect(webhookRetryDelay(1, 0)).toBe(8_000);
    expect(webhookRetryDelay(1, 0.999_999)).toBeCloseTo(12_000, -1);
    expect(webhookRetryDelay(WEBHOOK_MAX_ATTEMPTS, 0.5)).toBeNull();
  });
});

describe("signature header", () => {
  it("round-trips and covers the timestamp and the body", () => {
    const hex = "ab".repeat(32);
    expect(parseSignatureHeader(signatureHeader(1700, hex))).toEqual({ timestamp: 1700, signature: hex });
    expect(signedContent(1700, '{"a":1}')).toBe('1700.{"a":1}');
    expect(parseSignatureHeader("t=1,v1=zz")).toBeUndefined();
  });
});

describe("metric checks", () => {
  it("fails when the roll-up and the stored judgments disagree", () => {
    expect(rollupCheck({ rollup: 10, raw: 10, from: 0, to: 1 }).status).toBe("ok");
    expect(rollupCheck({ rollup: 9, raw: 10, from: 0, to: 1 })).toMatchObject({ status: "failed" });
  });

  it("fails when the newest judgment's hour is missing from the roll-up", () => {
    const H = 3_600_000;
    expect(freshnessCheck({ lastJudgmentAt: 5 * H + 10, lastRollupHour: 5 * H, now: 5 * H + 60_010 })).toMatchObject({
      status: "ok",
      details: { ageMs: 60_000 },
    });
    expect(freshnessCheck({ lastJudgmentAt: 5 * H + 10, lastRollupHour: 4 * H, now: 6 * H }).status).toBe("failed");
    expect(freshnessCheck({ lastJudgmentAt: null, lastRollupHour: null, now: 0 }).status).toBe("ok");
  });
});
