import { describe, expect, it } from "vitest";
import { formatLanguageLevels, parseLanguageLevels } from "./language-levels.js";

describe("language levels text", () => {
  it("reads tags with optional levels and writes them back", () => {
    const parsed = parseLanguageLevels("de-AT:native, en:b2 fr");
    expect(parsed).toEqual({ languages: ["de-AT", "en", "fr"], levels: { "de-AT": "native", en: "B2" }, errors: [] });
    expect(formatLanguageLevels(parsed.languages, parsed.levels)).toBe("de-AT:native, en:B2, fr");
  });

  it("names the language whose level is wrong", () => {
    expect(parseLanguageLevels("de:C7").errors).toEqual([
      { path: "languageLevels.de", message: "use A1, A2, B1, B2, C1, C2 or native (not C7)" },
    ]);
  });
});
