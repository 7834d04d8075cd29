import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { findGuidelineSection, guidelineSections } from "./guideline-sections.js";

const GUIDE = [
  "Intro line before any heading.",
  "# Relevance",
  "Judge the page, not the site.",
  "## Spam",
  "Ads only: rate 0.",
  "```md",
  "# not a heading",
  "```",
  "## Borderline cases ##",
  "When unsure, pick the lower grade.",
  "# Language",
  "Use the query's language.",
].join("\n");

describe("guidelineSections", () => {
  it("splits at headings, keeps subsections inside their parent and ignores code blocks", () => {
    const sections = guidelineSections(GUIDE);
    expect(sections.map((s) => s.heading)).toEqual(["Relevance", "Spam", "Borderline cases", "Language"]);
    expect(sections[1]!.body).toBe("## Spam\nAds only: rate 0.\n```md\n# not a heading\n```");
    expect(sections[0]!.body).toContain("## Borderline cases");
    expect(sections[0]!.body).not.toContain("# Language");
    expect(sections[3]!.body).toBe("# Language\nUse the query's language.");
  });

  it("finds none in a document without headings", () => {
    expect(guidelineSections("Just text.\nMore text.")).toEqual([]);
  });
});

describe("findGuidelineSection", () => {
  it("matches a heading whatever its case and spacing", () => {
    expect(findGuidelineSection(GUIDE, "  borderline   CASES ").heading).toBe("Borderline cases");
  });

  it("names the headings there are when one is missing", () => {
    try {
      findGuidelineSection(GUIDE, "Tone");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details[0]?.path).toBe("section");
      expect((error as DomainError).message).toContain('"Spam"');
    }
  });
});
