import { describe, expect, it } from "vitest";
import { checkEligibility, parseRequirements, taskLanguage, taskLanguagesFor } from "./eligibility.js";
import { deadlineKey, NO_DEADLINE, taskStatus } from "./task-status.js";

const annotator = { role: "annotator", status: "active", languages: ["en", "de"], skills: { relevance: 2 } };

describe("eligibility", () => {
  it("accepts an annotator who speaks one required language and has the skills", () => {
    expect(checkEligibility(annotator, { languages: ["de", "fr"], skills: { relevance: 2 } })).toEqual({
      eligible: true,
      reasons: [],
    });
  });

  it("names every unmet requirement", () => {
    const result = checkEligibility(
      { ...annotator, status: "paused" },
      { languages: ["ja"], skills: { relevance: 3 } },
    );
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual([
      "annotator is paused",
      "needs one of the languages ja",
      "needs skill relevance at level 3 (has 2)",
    ]);
  });

  it("admits only the project's minimum tier and above; a person without a tier is a trainee", () => {
    const needs = { languages: [], skills: {}, minTier: "standard" as const };
    expect(checkEligibility(annotator, needs)).toEqual({
      eligible: false,
      reasons: ["needs tier standard or above (is trainee)"],
    });
    expect(checkEligibility({ ...annotator, tier: "trainee" }, needs).eligible).toBe(false);
    expect(checkEligibility({ ...annotator, tier: "standard" }, needs).eligible).toBe(true);
    expect(checkEligibility({ ...annotator, tier: "expert" }, needs).eligible).toBe(true);
    expect(checkEligibility({ ...annotator, tier: "standard" }, { ...needs, minTier: "expert" }).reasons).toEqual([
      "needs tier expert or above (is standard)",
    ]);
    // No minimum: every tier, the unrecorded one too.
    expect(checkEligibility(annotator, { languages: [], skills: {} }).eligible).toBe(true);
  });

  it("lists the tier reason after the others", () => {
    const result = checkEligibility(
      { ...annotator, tier: "standard" },
      { languages: ["ja"], skills: {}, minTier: "expert" },
    );
    expect(result.reasons).toEqual(["needs one of the languages ja", "needs tier expert or above (is standard)"]);
  });

  it("reads a stored minimum tier and drops an unknown one", () => {
    expect(parseRequirements({ languages: ["en"], minTier: "expert" })).toEqual({
      languages: ["en"],
      skills: {},
      minTier: "expert",
    });
    expect(parseRequirements({ minTier: "trusted" })).toEqual({ languages: [], skills: {} });
  });

  it("routes language-tagged tasks only to speakers the project accepts", () => {
    expect(taskLanguagesFor(annotator, { languages: ["de", "fr"], skills: {} })).toEqual(["", "de"]);
    expect(taskLanguagesFor(annotator, { languages: [], skills: {} })).toEqual(["", "en", "de"]);
    expect(taskLanguage({ locale: "de-AT" })).toBe("de");
    expect(taskLanguage({ text: "x" })).toBe("");
  });
});

describe("task status", () => {
  it("is open until every slot is leased, then full, then done", () => {
    expect(taskStatus(3, 2, 1)).toBe("open");
    expect(taskStatus(3, 3, 2)).toBe("full");
    expect(taskStatus(3, 3, 3)).toBe("done");
  });
  it("sorts tasks without a deadline last", () => {
    expect(deadlineKey(null)).toBe(NO_DEADLINE);
    expect(deadlineKey(5)).toBeLessThan(NO_DEADLINE);
  });
});
