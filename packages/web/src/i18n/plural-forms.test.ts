import { describe, expect, it } from "vitest";
import { budgetLeftText } from "../lib/budget-left-text.js";
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
 * Each stays for a stated reason; a new one fails the test below. A sentence with several counts
 * takes each as an already-pluralised fragment (`exam.intro` fills `{{toPass}}` from
 * `exam.passInRow_*`); a count that may be unbounded gets its own key for that case.
 */
const COUNTED_WITHOUT_PLURALS: Record<string, string> = {
  "wellbeing.checkinsIntro": "the privacy minimum is never below two people",
  "wellbeing.suppressed": "the privacy minimum is never below two people",
  "delivery.payOffered": "a rate per hour with decimals, read as plural",
  "console.schema.optionLabel": "an ordinal (option 3), not a count",
  "console.form.between": "a range, read as plural",
  "console.form.characters": "a range, read as plural",
  "console.quality.languagesHint": "console (English only): the minimum is a fixed number above one",
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

describe("sentences with several counts", () => {
  it("compose each count from its own plural fragment, in every translated language", async () => {
    const i18n = createI18n();
    const exam = (toPass: number, max: number) =>
      i18n.t("exam.intro", {
        project: "P",
        toPass: i18n.t("exam.passInRow", { count: toPass }),
        max: i18n.t("exam.itemCount", { count: max }),
      });
    const score = (correct: number, answered: number) =>
      i18n.t("exam.score", { answers: i18n.t("exam.answerCount", { correct, count: answered }), time: "1 min" });
    const plan = (units: number, observations: number) =>
      i18n.t("experiments.planResult", {
        units: i18n.t("experiments.unitCount", { count: units }),
        observations: i18n.t("experiments.observationCount", { count: observations }),
        effect: "1.00",
      });
    expect(exam(1, 2)).toContain("1 right answer in a row passes, a few early misses fail. It asks at most 2 items.");
    expect(exam(8, 1)).toContain("8 right answers in a row pass, a few early misses fail. It asks at most 1 item.");
    expect(score(1, 1)).toBe("1 of 1 answer right, in 1 min of active time.");
    expect(score(12, 12)).toBe("12 of 12 answers right, in 1 min of active time.");
    expect(plan(1, 1)).toBe("1 unit per arm (1 observation; design effect 1.00)");
    expect(plan(40, 200)).toBe("40 units per arm (200 observations; design effect 1.00)");
    expect(i18n.t("experiments.moneyInvalid", { count: 2 })).toMatch(/at most 2 decimals$/);
    expect(i18n.t("experiments.moneyInvalid", { count: 3 })).toMatch(/at most 3 decimals$/);
    expect(i18n.t("experiments.moneyInvalidWhole")).not.toMatch(/\d/);
    expect(i18n.t("console.cost.amountInvalidWhole")).not.toMatch(/\d/);
    expect(i18n.t("delivery.runs", { count: 1 })).toMatch(/^1 simulated run of/);
    expect(i18n.t("delivery.runs", { count: 500 })).toMatch(/^500 simulated runs of/);
    await i18n.changeLanguage("de");
    expect(exam(1, 1)).toContain("1 richtige Antwort in Folge besteht");
    expect(exam(1, 1)).toContain("höchstens 1 Aufgabe.");
    expect(score(1, 1)).toMatch(/^1 von 1 Antwort richtig/);
    expect(plan(1, 2)).toMatch(/^1 Einheit pro Gruppe \(2 Beobachtungen;/);
    await i18n.changeLanguage("es");
    expect(exam(1, 1)).toContain("1 respuesta correcta seguida aprueba");
    expect(plan(1, 2)).toMatch(/^1 unidad por grupo \(2 observaciones;/);
    await i18n.changeLanguage("ar");
    expect(exam(2, 3)).toContain("إجابتان صحيحتان متتاليتان");
    expect(exam(11, 3)).toContain("3 عناصر");
    expect(plan(2, 11)).toMatch(/^وحدتان لكل مجموعة \(11 مشاهدة؛/);
    await i18n.changeLanguage("ja");
    expect(exam(8, 12)).toContain("8問連続で正解すると合格");
    expect(exam(8, 12)).toContain("最大12問です。");
  });

  it("leave an unlimited wellbeing budget out rather than count ∞ items or minutes", async () => {
    const i18n = createI18n();
    const left = (items: number | null, minutes: number | null) => budgetLeftText("Violence", items, minutes, i18n.t);
    expect(left(1, 30)).toBe("Violence: 1 item, 30 min left today");
    expect(left(4, 30)).toBe("Violence: 4 items, 30 min left today");
    expect(left(1, null)).toBe("Violence: 1 item left today");
    expect(left(null, 30)).toBe("Violence: 30 min left today");
    expect(left(null, null)).toBe("Violence: no limit today");
    for (const language of ["de", "es", "ja", "ar"]) {
      await i18n.changeLanguage(language);
      for (const text of [left(1, 30), left(5, null), left(null, 2)]) expect(text, language).not.toMatch(/∞|\{\{/);
    }
    await i18n.changeLanguage("es");
    expect(left(1, null)).toBe("Violence: queda 1 tarea hoy");
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
