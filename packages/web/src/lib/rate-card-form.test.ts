import type { RateCardView } from "@quorum/server";
import { describe, expect, it } from "vitest";
import { draftOf, emptyDraft, parsePercent, rateCardBody } from "./rate-card-form.js";

describe("the rate-card form", () => {
  it("sends money as integer minor units, percent as basis points and blanks as any", () => {
    const draft = {
      ...emptyDraft("2026-11-01", "USD"),
      name: "German relevance",
      language: " de ",
      payPerJudgment: "0.045",
      payPerActiveHour: "",
      reviewPayPerReview: "0,02",
      platformFeePercent: "12.5",
    };
    expect(rateCardBody(draft)).toEqual({ errors: [{ path: "payPerJudgmentMinor", message: expect.any(String) }] });
    const result = rateCardBody({ ...draft, payPerJudgment: "0.05", payPerActiveHour: "14" });
    expect(result).toEqual({
      body: {
        name: "German relevance",
        currency: "USD",
        effectiveFrom: "2026-11-01",
        effectiveTo: null,
        projectId: null,
        taskType: null,
        language: "de",
        vendor: null,
        payRejected: true,
        payPerJudgmentMinor: 5,
        payPerActiveHourMinor: 1400,
        reviewPayPerReviewMinor: 2,
        reviewPayPerHourMinor: 0,
        trainingPayPerHourMinor: 0,
        platformFeeBps: 1250,
        vendorMarkupBps: 0,
      },
    });
  });

  it("names each wrong field by the body's path", () => {
    const result = rateCardBody({
      ...emptyDraft("2026-11-01", "USD"),
      currency: "dollars",
      effectiveTo: "2026-10-01",
      payPerJudgment: "abc",
      vendorMarkupPercent: "-3",
    });
    expect("errors" in result && result.errors.map((e) => e.path)).toEqual([
      "currency",
      "effectiveTo",
      "payPerJudgmentMinor",
      "vendorMarkupBps",
    ]);
    expect(parsePercent("7")).toBe(700);
    expect(parsePercent("7.255")).toBeUndefined();
  });

  it("shows a stored card back in the form's units, in its currency's digits", () => {
    const card = {
      id: 1,
      name: "JP",
      currency: "JPY",
      fractionDigits: 0,
      effectiveFrom: "2026-10-01T00:00:00.000Z",
      effectiveTo: null,
      projectId: 3,
      taskType: "rating",
      language: "ja",
      vendor: null,
      payPerJudgmentMinor: 12,
      payPerActiveHourMinor: 0,
      reviewPayPerReviewMinor: 0,
      reviewPayPerHourMinor: 1500,
      trainingPayPerHourMinor: 0,
      platformFeeBps: 1000,
      vendorMarkupBps: 0,
      payRejected: false,
    } as unknown as RateCardView;
    const draft = draftOf(card);
    expect(draft).toMatchObject({
      effectiveFrom: "2026-10-01",
      projectId: "3",
      payPerJudgment: "12",
      reviewPayPerHour: "1500",
      platformFeePercent: "10",
      payRejected: false,
    });
    expect(rateCardBody(draft)).toMatchObject({ body: { payPerJudgmentMinor: 12, reviewPayPerHourMinor: 1500 } });
  });
});
