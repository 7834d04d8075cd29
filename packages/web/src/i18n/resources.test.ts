import { describe, expect, it } from "vitest";
import { ar } from "./ar.js";
import { de } from "./de.js";
import { en } from "./en.js";
import { es } from "./es.js";
import { createI18n } from "./instance.js";
import { ja } from "./ja.js";
import { chooseLanguage, directionOf } from "./languages.js";
import { wellbeingDe } from "./wellbeing/de.js";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const variables = (text: string) => new Set([...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]));
const english = flatten(en);
const translated = new Map(english);
for (const key of english.keys()) if (key.startsWith("console.")) translated.delete(key);

/** Strings that read the same in the language as in English (names, symbols, loanwords). */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  de: [
    "common.none",
    "nav.api",
    "roles.admin",
    "roles.manager",
    "roles.annotator",
    "roles.analyst",
    "review.audits",
    "review.gold",
    "review.annotator",
    "review.methods.dawid-skene",
    "join.region",
    "account.name",
    "workforce.name",
    "workforce.region",
    "workforce.team",
    "workforce.teams",
    "experiments.name",
    "experiments.status",
    "experiments.pValue",
    "experiments.labels",
    "experiments.budgetColumn",
    "wellbeing.person",
  ],
  es: [
    "common.none",
    "nav.api",
    "review.methods.dawid-skene",
    "experiments.pValue",
    "wellbeing.minuteCount_one",
    "wellbeing.minuteCount_other",
  ],
  ja: ["common.none", "nav.api", "review.methods.dawid-skene"],
  ar: ["common.none", "review.methods.dawid-skene"],
};

describe.each([
  ["de", de],
  ["es", es],
  ["ja", ja],
  ["ar", ar],
] as const)("the %s translation", (language, resource) => {
  const strings = flatten(resource as unknown as Tree);
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;

  it("has every annotator- and reviewer-facing key, with each plural form the language needs", () => {
    const missing: string[] = [];
    for (const key of translated.keys()) {
      if (PLURAL.test(key)) {
        const base = key.replace(PLURAL, "");
        for (const form of categories) if (!strings.get(`${base}_${form}`)?.trim()) missing.push(`${base}_${form}`);
      } else if (!strings.get(key)?.trim()) missing.push(key);
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it("has no key English lacks and keeps each string's placeholders", () => {
    for (const [key, text] of strings) {
      const englishKey = PLURAL.test(key) ? key.replace(PLURAL, "_other") : key;
      const source = english.get(englishKey);
      expect(source, `${language}: ${key} is not an English key`).toBeDefined();
      const mine = variables(text);
      const theirs = variables(source ?? "");
      // Plural forms such as "one" or "two" may spell the number out.
      if (PLURAL.test(key)) for (const v of mine) expect(theirs, `${language}: ${key} uses {{${v}}}`).toContain(v);
      else expect(mine, `${language}: ${key}`).toEqual(theirs);
    }
  });

  it("is translated, not copied from English", () => {
    const same = [...strings].filter(([key, text]) => english.get(key) === text).map(([key]) => key);
    expect(same.sort()).toEqual([...(SAME_AS_ENGLISH[language] ?? [])].sort());
  });
});

describe("the German workspace", () => {
  // "Sie" after a full stop may be "it" or "they"; anywhere else, and any "Ihr…", is the formal you.
  const FORMAL = /\b(Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres|Ihnen)\b|(^|[^.:!?]\s)Sie\b/;

  it("speaks to the person informally throughout (du, dein), as its pages do, never Sie or Ihr", () => {
    const strings = [...flatten(de as unknown as Tree), ...flatten(wellbeingDe as unknown as Tree)];
    expect(strings.filter(([, text]) => FORMAL.test(text)).map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});

describe("the i18n layer", () => {
  it("loads a language when it is chosen, and falls back to English for the console", async () => {
    const i18n = createI18n();
    expect(i18n.t("labeling.guidelines")).toBe("Guidelines");
    await i18n.changeLanguage("ja");
    expect(i18n.t("labeling.guidelines")).toBe("ガイドライン");
    expect(i18n.t("console.apiDocs")).toBe("API");
    await i18n.changeLanguage("ar");
    expect(i18n.t("labeling.done", { count: 2 })).toBe("مهمتان منجزتان");
    expect(i18n.t("labeling.done", { count: 11 })).toBe("11 مهمة منجزة");
    expect(i18n.t("reviews.waiting", { count: 5 })).toBe("5 مهام بانتظار الحكم.");
    await i18n.changeLanguage("de");
    expect(i18n.t("reviews.waiting", { count: 12_345 })).toBe("12.345 Aufgaben warten auf ein Urteil.");
  });

  it("defaults to the person's first language, falling back from de-AT to de, unless they chose another", () => {
    expect(chooseLanguage({ profile: ["de-AT", "en"] })).toBe("de");
    expect(chooseLanguage({ profile: ["sw", "ja"] })).toBe("ja");
    expect(chooseLanguage({ profile: ["ar"], chosen: "es" })).toBe("es");
    expect(chooseLanguage({ profile: ["sw"], browser: ["es-MX"] })).toBe("es");
    expect(chooseLanguage({ profile: [], browser: [] })).toBe("en");
    expect(chooseLanguage({ profile: ["ar"], chosen: "xx" })).toBe("ar");
    expect(directionOf("ar")).toBe("rtl");
    expect(directionOf("ja")).toBe("ltr");
  });
});
