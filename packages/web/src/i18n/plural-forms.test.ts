import { describe, expect, it } from "vitest";
import { ar } from "./ar.js";
import { de } from "./de.js";
import { en } from "./en.js";
import { es } from "./es.js";
import { createI18n } from "./instance.js";
import { ja } from "./ja.js";

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
const LOCALES = { en, de, es, ja, ar } as const;

/**
 * English strings that still put a number straight before a counted noun without plural forms.
 * Each stays for a stated reason; a new one fails the test below.
 */
const COUNTED_WITHOUT_PLURALS: Record<string, string> = {
  "wellbeing.checkinsIntro": "the privacy minimum is never below two people",
  "wellbeing.suppressed": "the privacy minimum is never below two people",
  "delivery.payOffered": "a rate per hour with decimals, read as plural",
  "console.schema.optionLabel": "an ordinal (option 3), not a count",
  "wellbeing.left": "items may be ∞ (no limit), which has no plural category",
  "exam.intro": "two counts in one sentence, both always above one (items to pass, items asked)",
  "exam.score": "'of N answers' reads right for any N in English; translated forms count the right answers",
  "experiments.planResult": "sample sizes, always above one",
  "experiments.moneyInvalid": "currency digits: 0, 2 or 3, never 1 in ISO 4217 use here",
  "delivery.runs": "the simulation always runs hundreds of times",
  "console.form.between": "a range, read as plural",
  "console.form.characters": "a range, read as plural",
  "console.quality.languagesHint": "console (English only): the minimum is a fixed number above one",
  "console.quality.pairsHint": "console (English only): 'of N pairs'",
  "console.quality.refitted": "console (English only): a fit needs many judgments",
  "console.people.summary": "console (English only): 'N people in all'",
  "console.cost.amountInvalid": "currency digits: 0, 2 or 3",
};

const COUNTED_NOUN =
  /\{\{[^}]+\}\}\s+(?:more\s+|right\s+|gold\s+|active\s+|simulated\s+)?(days?|weeks?|minutes?|questions?|rows?|labels?|items?|judgments?|tasks?|answers?|people|pairs?|iterations?|units?|observations?|runs?|decimals?|options?|characters?)\b/;

describe.each(Object.entries(LOCALES))("plural forms in the %s resource", (language, resource) => {
  const strings = flatten(resource as unknown as Tree);
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;

  it("gives every plural key each category Intl.PluralRules says the language uses", () => {
    const missing: string[] = [];
    for (const key of strings.keys()) {
      if (!PLURAL.test(key)) continue;
      const base = key.replace(PLURAL, "");
      for (const form of categories) if (!strings.get(`${base}_${form}`)?.trim()) missing.push(`${base}_${form}`);
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it("counts days, minutes, questions, rows and labels with plural keys", () => {
    for (const base of [
      "delivery.dayCount",
      "delivery.deadlineIn",
      "exam.atMost",
      "experiments.settled",
      "experiments.moreLabels",
      "wellbeing.reminder",
    ]) {
      expect(strings.get(`${base}_other`), `${language}: ${base}_other`).toBeDefined();
      expect(strings.has(base), `${language}: ${base} without plural forms`).toBe(false);
    }
  });
});

describe("English count strings", () => {
  it("put no number before a counted noun outside plural keys, but for the listed exceptions", () => {
    const offenders = [...flatten(en as unknown as Tree)]
      .filter(([key, text]) => !PLURAL.test(key) && COUNTED_NOUN.test(text))
      .map(([key]) => key)
      .filter((key) => !(key in COUNTED_WITHOUT_PLURALS));
    expect(offenders).toEqual([]);
  });

  it("pluralise the console's spending-pace lines and the finish forecast", () => {
    const strings = flatten(en as unknown as Tree);
    for (const base of ["console.cost.paceLine", "console.cost.runRateLine", "delivery.dayCount"]) {
      expect(strings.get(`${base}_one`), base).toBeDefined();
      expect(strings.get(`${base}_other`), base).toBeDefined();
    }
  });
});

describe("the finish forecast's days", () => {
  it("reads with each language's plural form of the day count", async () => {
    const i18n = createI18n();
    const eta = (p50: number, p85: number, p95: number) =>
      i18n.t("delivery.etaDays", {
        p50: i18n.t("delivery.dayCount", { count: p50 }),
        p85: i18n.t("delivery.dayCount", { count: p85 }),
        p95: i18n.t("delivery.dayCount", { count: p95 }),
      });
    expect(eta(1, 2, 5)).toBe("1 day at the median, 2 days at p85, 5 days at p95");
    await i18n.changeLanguage("de");
    expect(eta(1, 2, 5)).toBe("1 Tag im Median, 2 Tage bei p85, 5 Tage bei p95");
    await i18n.changeLanguage("ar");
    expect(eta(2, 3, 11)).toBe("يومان عند الوسيط، 3 أيام عند p85، 11 يومًا عند p95");
    await i18n.changeLanguage("ja");
    expect(eta(1, 2, 5)).toBe("中央値で1日、p85で2日、p95で5日");
  });
});
