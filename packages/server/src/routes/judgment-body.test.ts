import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acceptJudgmentBody, JudgmentBody } from "./judgment-body.js";

describe("acceptJudgmentBody", () => {
  it("accepts only what JudgmentBody accepts, with the same result", () => {
    const field = fc.oneof(
      fc.jsonValue(),
      fc.integer({ min: -5, max: 5 }),
      fc.double(),
      fc.constantFrom(0, -0, 2 ** 53, 2 ** 53 - 1, 1.5, "", "k", "x".repeat(200), "x".repeat(201)),
    );
    const body = fc.oneof(
      fc.record({ value: field, activeMs: field, clientKey: field, extra: field }, { requiredKeys: [] }),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(body, (raw) => {
        const accepted = acceptJudgmentBody(raw);
        const parsed = JudgmentBody.safeParse(raw);
        if (accepted !== undefined) expect(parsed.success && parsed.data).toStrictEqual(accepted);
        else if (parsed.success) throw new Error(`Zod accepts what the fast path refused: ${JSON.stringify(raw)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it("drops unknown fields as Zod does", () => {
    expect(acceptJudgmentBody({ value: [1, 2], activeMs: 0, clientKey: "k", other: 1 })).toStrictEqual({
      value: [1, 2],
      activeMs: 0,
      clientKey: "k",
    });
  });
});
