import { describe, expect, it } from "vitest";
import { checkEligibility, taskLanguagesFor } from "../assignment/eligibility.js";
import { coveringLanguage, levelAtLeast, primaryLanguage, workingLanguages } from "./proficiency.js";

const austrian = { languages: ["de-AT", "en"], languageLevels: { "de-AT": "native", en: "B2" } as const };
const german = { languages: ["de"], languageLevels: { de: "C1" } as const };
const profile = (person: typeof austrian | typeof german) => ({
  role: "annotator",
  status: "active",
  skills: {},
  languages: [...person.languages],
  languageLevels: { ...person.languageLevels },
});

describe("language matching", () => {
  it("lets a de-AT speaker work on a de project, but a de speaker not on a de-AT project", () => {
    expect(coveringLanguage(austrian, "de")).toBe("de-AT");
    expect(coveringLanguage(austrian, "de-AT")).toBe("de-AT");
    expect(coveringLanguage(austrian, "de-at")).toBe("de-AT");
    expect(coveringLanguage(german, "de-AT")).toBeUndefined();
    expect(coveringLanguage(german, "de")).toBe("de");
    expect(coveringLanguage(austrian, "de-CH")).toBeUndefined();
  });

  it("applies a minimum proficiency, and an unrated language meets none", () => {
    expect(coveringLanguage(austrian, "en", "B2")).toBe("en");
    expect(coveringLanguage(austrian, "en", "C1")).toBeUndefined();
    expect(coveringLanguage({ languages: ["en"] }, "en")).toBe("en");
    expect(coveringLanguage({ languages: ["en"] }, "en", "A1")).toBeUndefined();
    expect(levelAtLeast("native", "C2")).toBe(true);
    expect(levelAtLeast("B1", "B2")).toBe(false);
  });

  it("decides eligibility with reasons, and routes to the primary-language queues", () => {
    expect(checkEligibility(profile(austrian), { languages: ["de"], skills: {} }).eligible).toBe(true);
    expect(checkEligibility(profile(german), { languages: ["de-AT"], skills: {} })).toEqual({
      eligible: false,
      reasons: ["needs one of the languages de-AT"],
    });
    expect(checkEligibility(profile(german), { languages: ["de"], skills: {}, minLanguageLevel: "C2" })).toEqual({
      eligible: false,
      reasons: ["needs one of the languages de at level C2 or above"],
    });
    expect(
      checkEligibility(profile(austrian), { languages: ["de-AT"], skills: {}, minLanguageLevel: "C2" }).eligible,
    ).toBe(true);
    expect(taskLanguagesFor(profile(austrian), { languages: ["de-AT", "fr"], skills: {} })).toEqual(["", "de"]);
    expect(taskLanguagesFor(profile(austrian), { languages: [], skills: {}, minLanguageLevel: "C1" })).toEqual([
      "",
      "de",
    ]);
  });

  it("keeps plain two-letter languages working as before", () => {
    const plain = { role: "annotator", status: "active", languages: ["en", "de"], skills: {} };
    expect(checkEligibility(plain, { languages: ["de", "fr"], skills: {} }).eligible).toBe(true);
    expect(workingLanguages(plain, [])).toEqual(["en", "de"]);
    expect(primaryLanguage("zh-Hant-TW")).toBe("zh");
  });
});
