import {
  DEFAULT_DYNAMIC_OVERLAP,
  DEFAULT_GOLD_POLICY,
  DEFAULT_QUALITY_RULES,
  DEFAULT_REVIEW_POLICY,
  parseProjectPolicies,
} from "@quorum/core";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY_FORM,
  describeGoldPolicy,
  describeOverlap,
  policiesFromForm,
  policyFormFrom,
  restateDetails,
} from "./project-policy.js";

describe("project policy form", () => {
  it("round-trips the API's policies through the form's units", () => {
    const project = {
      goldPolicy: { share: 0.07, onboarding: 5, feedback: { onboarding: false, hidden: true } },
      overlapPolicy: { mode: "dynamic" as const, min: 2, max: 6, target: 0.95 },
      qualityRules: {
        minGoldAnswers: 10,
        minAccuracy: 0.8,
        action: "retrain" as const,
        minActiveMs: 1500,
        maxFastShare: 0.3,
      },
      reviewPolicy: { sampleShare: 0.05, confidenceThreshold: 0.7, disagreement: true },
    };
    const form = policyFormFrom(project);
    expect(form.goldSharePercent).toBe("7");
    expect(form.reviewSamplePercent).toBe("5");
    expect(form.reviewConfidencePercent).toBe("70");
    expect(form.dynamicTargetPercent).toBe("95");
    expect(form.minActiveSeconds).toBe("1.5");
    expect(policiesFromForm(form)).toEqual(project);
  });

  it("sends fixed overlap without dynamic fields and reads a decimal comma", () => {
    const sent = policiesFromForm({ ...DEFAULT_POLICY_FORM, goldSharePercent: "2,5" });
    expect(sent.overlapPolicy).toEqual({ mode: "fixed" });
    expect(sent.goldPolicy.share).toBe(0.025);
  });

  it("sends what is not a number as null, for the server to name the field", () => {
    const sent = policiesFromForm({ ...DEFAULT_POLICY_FORM, goldOnboarding: "", minGoldAnswers: "ten" });
    expect(sent.goldPolicy.onboarding).toBeNull();
    expect(sent.qualityRules.minGoldAnswers).toBeNull();
  });

  it("restates the server's bounds in the form's units", () => {
    expect(
      restateDetails([
        { path: "goldPolicy.share", message: "must be a number from 0 to 0.5" },
        { path: "qualityRules.minActiveMs", message: "must be a whole number from 0 to 600000" },
        { path: "overlapPolicy.max", message: "must be at least min" },
        { path: "reviewPolicy.sampleShare", message: "must be from 0 to 1" },
      ]),
    ).toEqual([
      { path: "goldPolicy.share", message: "must be a number from 0% to 50%" },
      { path: "qualityRules.minActiveMs", message: "must be a whole number from 0 s to 600 s" },
      { path: "overlapPolicy.max", message: "must be at least min" },
      { path: "reviewPolicy.sampleShare", message: "must be from 0% to 100%" },
    ]);
  });

  it("starts a new project from core's defaults, and the server accepts them unchanged", () => {
    const sent = policiesFromForm(DEFAULT_POLICY_FORM);
    expect(sent).toEqual({
      goldPolicy: DEFAULT_GOLD_POLICY,
      overlapPolicy: { mode: "fixed" },
      qualityRules: DEFAULT_QUALITY_RULES,
      reviewPolicy: DEFAULT_REVIEW_POLICY,
    });
    const dynamic = policiesFromForm({ ...DEFAULT_POLICY_FORM, overlapMode: "dynamic" });
    expect(dynamic.overlapPolicy).toEqual(DEFAULT_DYNAMIC_OVERLAP);
    const { reviewPolicy: _review, ...quality } = sent;
    expect(parseProjectPolicies(dynamic)).toEqual({ ...quality, overlapPolicy: DEFAULT_DYNAMIC_OVERLAP });
  });

  it("describes the overlap in the project header", () => {
    expect(describeOverlap(3, { mode: "fixed" })).toBe("3 judgments per task");
    expect(describeOverlap(1, { mode: "fixed" })).toBe("1 judgment per task");
    expect(describeOverlap(3, { mode: "dynamic", min: 2, max: 5, target: 0.9 })).toBe(
      "2–5 judgments per task until 90% sure",
    );
  });

  it("describes the gold policy in the project header, one task as one task", () => {
    const feedback = { onboarding: true, hidden: false };
    expect(describeGoldPolicy({ share: 0.2, onboarding: 1, feedback })).toBe("20% gold, first 1 task gold");
    expect(describeGoldPolicy({ share: 0.125, onboarding: 5, feedback: { onboarding: true, hidden: true } })).toBe(
      "12.5% gold, first 5 tasks gold, answers shown after hidden checks",
    );
    expect(describeGoldPolicy({ share: 0, onboarding: 0, feedback })).toBe("");
  });
});
