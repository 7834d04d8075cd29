import { parseLabelSchema } from "@quorum/core";
import { pick, type Random } from "../simulate/annotator-model.js";
import type { DemoProjectSpec, DemoTask } from "./demo-spec.js";
import { externalId, slugify } from "./fill-template.js";
import { QUERY_FAMILIES } from "./relevance-content.js";

const LANGUAGES = ["en", "de", "ja"] as const;
const BATCH_NAMES = { en: "en-US query sample", de: "de-DE query sample", ja: "ja-JP query sample" };

function results(random: Random, language: (typeof LANGUAGES)[number], count: number): DemoTask[] {
  const families = QUERY_FAMILIES[language];
  return Array.from({ length: count }, (_, i) => {
    const family = pick(random, families);
    const x = pick(random, family.entities);
    const others = family.entities.filter((entity) => entity !== x);
    const y = pick(random, others);
    const result = pick(random, family.results);
    // English titles capitalise each word ("The Best Running Shoes of 2025"); snippets do not.
    const name = (entity: readonly [string, string?], title: boolean) =>
      title && language === "en" ? entity[0].replace(/(^|\s)\p{Ll}/gu, (c) => c.toUpperCase()) : entity[0];
    const fill = (template: string, title = false) =>
      template
        .replaceAll("{x}", name(x, title))
        .replaceAll("{y}", name(y, title))
        .replaceAll("{slug}", x[1] ?? slugify(x[0]))
        .replaceAll("{slugy}", y[1] ?? slugify(y[0]));
    return {
      externalId: externalId(`q-${language}`, i),
      data: {
        language,
        query: fill(pick(random, family.queries)),
        title: fill(result.title, true),
        url: fill(result.url),
        snippet: fill(result.snippet),
      },
      truth: result.grade,
      explanation: result.why,
    };
  });
}

const GUIDELINES = `# Search relevance: rate one result for one query

You see a search **query** and one **result** (title, URL and snippet). Rate how well the result
satisfies what the person searching most likely wanted. Judge in the language of the query; the
task's language is shown above it.

| grade | name | meaning |
| --- | --- | --- |
| 4 | **Perfect** | the one page the query is looking for (the official login page for "northwind bank login") |
| 3 | **Excellent** | fully answers the query, but is one of several good pages (a thorough guide or recipe) |
| 2 | **Good** | on topic and useful, answers part of the need (a blog diary, a buying guide without picks) |
| 1 | **Fair** | same subject, different need (a hotel booking page for "things to do in Lisbon") |
| 0 | **Bad** | about something else (another city, dish, brand or product) |

## Tips
- Read the URL: an official domain is a strong hint for **Perfect** on navigational queries.
- Do not reward length or popularity; reward fit to the query.
- Unsure between two grades? Choose the lower one and leave a comment in the help panel.
`;

/** Search Ranking: a 0–4 relevance rating in English, German and Japanese; needs skill relevance ≥ 1. */
export const relevanceProject: DemoProjectSpec = {
  project: {
    name: "Web search relevance (en, de, ja)",
    description: "Graded relevance of web results for the ranking team's weekly query sample.",
    businessUnit: "Search Ranking",
    schema: parseLabelSchema({
      type: "rating",
      min: 0,
      max: 4,
      labels: { 0: "Bad", 1: "Fair", 2: "Good", 3: "Excellent", 4: "Perfect" },
    }),
    requirements: { languages: [...LANGUAGES], skills: { relevance: 1 } },
    overlap: 3,
    priority: 1,
    leaseSeconds: 600,
    sensitive: false,
    // More judgments only where raters disagree: between 2 and 5 until 85% sure.
    overlapPolicy: { mode: "dynamic", min: 2, max: 5, target: 0.85 },
    qualityRules: { minGoldAnswers: 10, minAccuracy: 0, action: "flag", minActiveMs: 2000, maxFastShare: 0.4 },
  },
  deadlineDays: 9,
  guidelines: [GUIDELINES],
  taskCount: 900,
  batches: (random, count) =>
    LANGUAGES.map((language) => ({
      name: BATCH_NAMES[language],
      tasks: results(random, language, Math.round(count / LANGUAGES.length)),
      // The German sample is wanted first, by an earlier deadline (the batches table shows it).
      ...(language === "de" ? { priority: 2, deadlineDays: 3 } : {}),
    })),
};
