/** What a project asks of the people who label it. */
export interface Requirements {
  /** The annotator must speak at least one of these (ISO 639-1 codes). Empty: no language needed. */
  languages: string[];
  /** Minimum level for each named skill. */
  skills: Record<string, number>;
}

export interface AnnotatorProfile {
  role: string;
  status: string;
  languages: string[];
  skills: Record<string, number>;
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
  if (requirements.languages.length > 0 && !requirements.languages.some((l) => profile.languages.includes(l)))
    reasons.push(`needs one of the languages ${requirements.languages.join(", ")}`);
  for (const [skill, level] of Object.entries(requirements.skills)) {
    const has = profile.skills[skill] ?? 0;
    if (has < level) reasons.push(`needs skill ${skill} at level ${level} (has ${has})`);
  }
  return { eligible: reasons.length === 0, reasons };
}

/**
 * The task-language queues an annotator may draw from: tasks with no language ("") and tasks in
 * a language the annotator speaks that the project accepts.
 */
export function taskLanguagesFor(profile: AnnotatorProfile, requirements: Requirements): string[] {
  const spoken =
    requirements.languages.length > 0
      ? profile.languages.filter((l) => requirements.languages.includes(l))
      : profile.languages;
  return ["", ...new Set(spoken)];
}

/** The language of a task, read from its data (`language`, `lang` or `locale`, e.g. "de" or "de-AT"). */
export function taskLanguage(data: Record<string, unknown>): string {
  const raw = data.language ?? data.lang ?? data.locale;
  if (typeof raw !== "string" || raw.length === 0) return "";
  return raw.toLowerCase().split(/[-_]/)[0] ?? "";
}

export function parseRequirements(raw: unknown): Requirements {
  const value = (typeof raw === "object" && raw !== null ? raw : {}) as Partial<Requirements>;
  return { languages: value.languages ?? [], skills: value.skills ?? {} };
}
