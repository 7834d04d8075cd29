import { describe, expect, it } from "vitest";
import { checkEligibility, taskLanguage, taskLanguagesFor } from "./eligibility.js";
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
