import { isTimeZone, LANGUAGE_LEVELS } from "@quorum/core";
import { z } from "zod";
import { LanguageTag } from "./language-param.js";

export { LanguageTag };

/** Proficiency per language: CEFR A1 (lowest) to C2, then native. */
export const LanguageLevels = z
  .record(LanguageTag, z.enum(LANGUAGE_LEVELS))
  .describe("proficiency per language tag: A1, A2, B1, B2, C1, C2 (CEFR) or native");

/** An IANA time-zone name this server's Intl knows. */
export const TimeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, "use an IANA time zone such as Europe/Vienna or America/New_York");

/** A region code (ISO 3166 country or a workspace-defined region such as EU). */
export const Region = z.string().min(1).max(64);

/** The tags `levels` names that `languages` lacks: every rated language must be spoken. */
export function unlistedLevelTags(languages: readonly string[], levels: Record<string, unknown>): string[] {
  return Object.keys(levels).filter((tag) => !languages.includes(tag));
}
