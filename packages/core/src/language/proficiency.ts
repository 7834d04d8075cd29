import { languageFallbacks } from "./language-tag.js";

/**
 * Proficiency in a language, on the CEFR scale (A1 lowest … C2 mastery) plus `native`, in
 * ascending order. A person's language without a level is "unrated": it satisfies a project that
 * names no minimum level, and no project that names one.
 */
export const LANGUAGE_LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2", "native"] as const;
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];

export function isLanguageLevel(value: unknown): value is LanguageLevel {
  return typeof value === "string" && (LANGUAGE_LEVELS as readonly string[]).includes(value);
}

/** Whether `level` reaches `minimum` (an unrated language reaches none). */
export function levelAtLeast(level: LanguageLevel | undefined, minimum: LanguageLevel): boolean {
  return level !== undefined && LANGUAGE_LEVELS.indexOf(level) >= LANGUAGE_LEVELS.indexOf(minimum);
}

/** The primary language subtag of a tag, lower case (`de-AT` → `de`), or "" when malformed. */
export function primaryLanguage(tag: string): string {
  const chain = lowerFallbacks(tag);
  return chain[chain.length - 1] ?? "";
}

/** `languageFallbacks` in lower case, remembered: the claim path asks for the same few tags each time. */
const fallbackCache = new Map<string, readonly string[]>();
function lowerFallbacks(tag: string): readonly string[] {
  let chain = fallbackCache.get(tag);
  if (!chain) {
    chain = languageFallbacks(tag).map((fallback) => fallback.toLowerCase());
    if (fallbackCache.size >= 10_000) fallbackCache.clear();
    fallbackCache.set(tag, chain);
  }
  return chain;
}

/** What a person speaks: BCP 47 tags, with a level per tag where one is known. */
export interface SpokenLanguages {
  languages: readonly string[];
  languageLevels?: Readonly<Record<string, LanguageLevel>>;
}

/**
 * Whether one of a person's tags covers the required tag: a person's tag covers every tag it falls
 * back to (`de-AT` covers `de-AT` and `de`), so a person with `de-AT` may work on a `de` project
 * but one with `de` may not work on a project that requires `de-AT`. Compared case-insensitively
 * in canonical form. Returns the person's covering tag with the highest level, or undefined.
 */
export function coveringLanguage(
  person: SpokenLanguages,
  required: string,
  minimum?: LanguageLevel,
): string | undefined {
  const wanted = lowerFallbacks(required)[0] ?? required.toLowerCase();
  let best: string | undefined;
  for (const tag of person.languages) {
    if (!lowerFallbacks(tag).includes(wanted)) continue;
    const level = person.languageLevels?.[tag];
    if (minimum !== undefined && !levelAtLeast(level, minimum)) continue;
    const bestLevel = best === undefined ? undefined : person.languageLevels?.[best];
    if (best === undefined || (level !== undefined && !levelAtLeast(bestLevel, level))) best = tag;
  }
  return best;
}

/**
 * The primary languages (the task queues' keys, `taskLanguage`) a person may work in for a
 * project that accepts `required` (empty: any language) at `minimum` level: the primary subtag of
 * each required tag the person covers, or of each language they speak when nothing is required.
 */
export function workingLanguages(
  person: SpokenLanguages,
  required: readonly string[],
  minimum?: LanguageLevel,
): string[] {
  const found = new Set<string>();
  if (required.length === 0) {
    for (const tag of person.languages)
      if (minimum === undefined || levelAtLeast(person.languageLevels?.[tag], minimum)) found.add(primaryLanguage(tag));
  } else {
    for (const tag of required) if (coveringLanguage(person, tag, minimum)) found.add(primaryLanguage(tag));
  }
  found.delete("");
  return [...found];
}
