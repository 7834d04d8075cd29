import { describe, expect, it } from "vitest";
import { canonicalLanguageTag, languageFallbacks, pickLanguage } from "./language-tag.js";

describe("language tags", () => {
  it("canonicalises well-formed BCP 47 tags and refuses others", () => {
    expect(canonicalLanguageTag("de-at")).toBe("de-AT");
    expect(canonicalLanguageTag("ZH-hant-tw")).toBe("zh-Hant-TW");
    expect(canonicalLanguageTag(" ar ")).toBe("ar");
    expect(canonicalLanguageTag("")).toBeUndefined();
    expect(canonicalLanguageTag("not a tag")).toBeUndefined();
    expect(canonicalLanguageTag("de_AT")).toBeUndefined();
  });

  it("falls back from the specific to the general", () => {
    expect(languageFallbacks("de-AT")).toEqual(["de-AT", "de"]);
    expect(languageFallbacks("zh-Hant-TW")).toEqual(["zh-Hant-TW", "zh-Hant", "zh"]);
    expect(languageFallbacks("ja")).toEqual(["ja"]);
    expect(languageFallbacks("en-US-u-ca-buddhist")).toEqual(["en-US", "en"]);
    expect(languageFallbacks("??")).toEqual([]);
  });

  it("picks the first wanted language that is available, falling back from de-AT to de", () => {
    expect(pickLanguage(["de-AT"], ["en", "de", "ja"])).toBe("de");
    expect(pickLanguage(["pt-BR"], ["pt-br", "pt"])).toBe("pt-br");
    expect(pickLanguage(["fr", "es-MX"], ["en", "es"])).toBe("es");
    expect(pickLanguage(["de"], ["de-AT"])).toBeUndefined();
    expect(pickLanguage(["fr"], ["en"])).toBeUndefined();
  });
});
