import { languageFallbacks, pickLanguage } from "@quorum/core";
import type { Database } from "../database.js";
import { guidelineTranslationsIn } from "../repositories/guideline-translations.js";
import { type GuidelineVersion, listGuidelineVersions } from "../repositories/projects.js";

/** A guideline version as a reader sees it: in their language when translated, else the original. */
export interface LocalizedGuidelineVersion extends GuidelineVersion {
  /** The translation shown instead of the original, or null when `body` is the original text. */
  translation: { language: string; updatedAt: number } | null;
}

/**
 * A project's guideline versions, newest first (only `version` when given), each in the wanted
 * language when a translation exists, falling back from the specific to the general (`de-AT`
 * finds `de`); otherwise the original. Without a language every version is the original.
 */
export async function readGuidelines(
  database: Database,
  options: { projectId: number; version?: number; language?: string | undefined },
): Promise<LocalizedGuidelineVersion[]> {
  const { db } = database;
  const all = await listGuidelineVersions(db, options.projectId);
  const versions = options.version === undefined ? all : all.filter((v) => v.version === options.version);
  const fallbacks = options.language ? languageFallbacks(options.language) : [];
  const translations = await guidelineTranslationsIn(db, options.projectId, fallbacks);
  return versions.map((v) => {
    const mine = translations.filter((t) => t.version === v.version);
    const language = options.language
      ? pickLanguage(
          [options.language],
          mine.map((t) => t.language),
        )
      : undefined;
    const chosen = mine.find((t) => t.language === language);
    return chosen
      ? { ...v, body: chosen.body, translation: { language: chosen.language, updatedAt: chosen.updatedAt } }
      : { ...v, translation: null };
  });
}
