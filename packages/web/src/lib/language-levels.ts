import { isLanguageLevel, type LanguageLevel } from "@quorum/core";

/**
 * Reads "de-AT:native, en:B2, fr" (a level after a colon is optional) into the languages and
 * levels the user routes take; a level that is not A1…C2 or native is an error naming the field.
 */
export function parseLanguageLevels(
  text: string,
  path = "languageLevels",
): { languages: string[]; levels: Record<string, LanguageLevel>; errors: { path: string; message: string }[] } {
  const languages: string[] = [];
  const levels: Record<string, LanguageLevel> = {};
  const errors: { path: string; message: string }[] = [];
  for (const item of text.split(/[,\s]+/).filter(Boolean)) {
    const [tag = "", level] = item.split(":");
    if (!tag) continue;
    if (!languages.includes(tag)) languages.push(tag);
    if (level === undefined || level === "") continue;
    const normalised = level === "native" || level.toLowerCase() === "native" ? "native" : level.toUpperCase();
    if (isLanguageLevel(normalised)) levels[tag] = normalised;
    else errors.push({ path: `${path}.${tag}`, message: `use A1, A2, B1, B2, C1, C2 or native (not ${level})` });
  }
  return { languages, levels, errors };
}

/** The text `parseLanguageLevels` reads back: "de-AT:native, en". */
export function formatLanguageLevels(languages: readonly string[], levels: Readonly<Record<string, string>>): string {
  return languages.map((tag) => (levels[tag] ? `${tag}:${levels[tag]}` : tag)).join(", ");
}
