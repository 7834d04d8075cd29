import { canonicalLanguageTag, isTimeZone, LANGUAGE_LEVELS } from "@quorum/core";
import { z } from "zod";

/**
 * A language someone speaks or a project requires: a BCP 47 tag whose language is an ISO 639
 * code of 2 or 3 letters, optionally with script and region (`de-AT`), stored canonical. Longer
 * primary subtags, which BCP 47 reserves, are refused so that "English" is not taken for a tag.
 */
export function spokenLanguageTag(message = "use a BCP 47 tag such as en, de or de-AT") {
  return z
    .string()
    .max(35)
    .transform((tag, ctx) => {
      const canonical = canonicalLanguageTag(tag);
      if (canonical === undefined || !/^[a-z]{2,3}(-|$)/.test(canonical)) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return canonical;
    });
}
export const LanguageTag = spokenLanguageTag();

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
