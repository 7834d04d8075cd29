import { coveringLanguage, isLanguageLevel, type LanguageLevel, workingLanguages } from "../language/proficiency.js";
import { isTier, TIERS, type Tier, tierAtLeast } from "../workforce/tiers.js";

/** What a project asks of the people who label it. */
export interface Requirements {
  /**
   * The annotator must speak at least one of these (BCP 47 tags: `de` accepts any German, `de-AT`
   * only a speaker whose tag names Austria). Empty: no language needed.
   */
  languages: string[];
  /** Minimum level for each named skill. */
  skills: Record<string, number>;
  /** The lowest proficiency accepted in a required language (`languages`); absent: any, unrated too. */
  minLanguageLevel?: LanguageLevel;
  /** The lowest tier (`workforce/tiers.ts`) allowed to work on the project; absent: every tier. */
  minTier?: Tier;
}

export interface AnnotatorProfile {
  role: string;
  status: string;
  /** BCP 47 tags, optionally with a region (`de-AT`). */
  languages: string[];
  /** Proficiency per tag of `languages`; a tag without one is unrated. */
  languageLevels?: Record<string, LanguageLevel>;
  skills: Record<string, number>;
  /** The person's tier; absent: the first (as for a person without a recorded tier). */
  tier?: Tier;
}

/**
 * Whether an annotator may work on a project, and if not, every reason why (shown to managers).
 * Tasks that carry their own language are further routed to speakers of it (`taskLanguagesFor`).
 */
export function checkEligibility(
  profile: AnnotatorProfile,
  requirements: Requirements,
): { eligible: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (profile.role !== "annotator") reasons.push("only annotators label tasks");
  if (profile.status !== "active") reasons.push(`annotator is ${profile.status}`);
  const minimum = requirements.minLanguageLevel;
  if (
    requirements.languages.length > 0 &&
    !requirements.languages.some((tag) => coveringLanguage(profile, tag, minimum) !== undefined)
  )
    reasons.push(
      `needs one of the languages ${requirements.languages.join(", ")}${minimum ? ` at level ${minimum} or above` : ""}`,
    );
  for (const [skill, level] of Object.entries(requirements.skills)) {
    const has = profile.skills[skill] ?? 0;
    if (has < level) reasons.push(`needs skill ${skill} at level ${level} (has ${has})`);
  }
  if (requirements.minTier && !tierAtLeast(profile.tier, requirements.minTier))
    reasons.push(`needs tier ${requirements.minTier} or above (is ${profile.tier ?? TIERS[0]})`);
  return { eligible: reasons.length === 0, reasons };
}

/**
 * The task-language queues an annotator may draw from: tasks with no language ("") and tasks in
 * a language the annotator speaks that the project accepts (queues are keyed by primary language,
 * `taskLanguage`; the region rule of `coveringLanguage` decides which of them the person covers).
 */
export function taskLanguagesFor(profile: AnnotatorProfile, requirements: Requirements): string[] {
  return ["", ...workingLanguages(profile, requirements.languages, requirements.minLanguageLevel)];
}

/** The language of a task, read from its data (`language`, `lang` or `locale`, e.g. "de" or "de-AT"). */
export function taskLanguage(data: Record<string, unknown>): string {
  const raw = data.language ?? data.lang ?? data.locale;
  if (typeof raw !== "string" || raw.length === 0) return "";
  return raw.toLowerCase().split(/[-_]/)[0] ?? "";
}

export function parseRequirements(raw: unknown): Requirements {
  const value = (typeof raw === "object" && raw !== null ? raw : {}) as Partial<Requirements>;
  return {
    languages: value.languages ?? [],
    skills: value.skills ?? {},
    ...(isLanguageLevel(value.minLanguageLevel) ? { minLanguageLevel: value.minLanguageLevel } : {}),
    ...(isTier(value.minTier) ? { minTier: value.minTier } : {}),
  };
}
