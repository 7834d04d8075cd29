import type { ErrorDetail } from "@quorum/core";

/** "moderation=60, de_fluency: 80" → {moderation: 60, de_fluency: 80}; errors name the bad entry. */
export function parseSkills(
  text: string,
  path = "requirements.skills",
): { skills: Record<string, number>; errors: ErrorDetail[] } {
  const skills: Record<string, number> = {};
  const errors: ErrorDetail[] = [];
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^([^=:\s]+)\s*[=:]\s*(\d+(?:\.\d+)?)$/.exec(part);
    const score = match ? Number(match[2]) : Number.NaN;
    if (!match || score > 100) errors.push({ path, message: `"${part}" should look like skill=60 (0–100)` });
    else skills[match[1] as string] = score;
  }
  return { skills, errors };
}

export function formatSkills(skills: Record<string, number>): string {
  return Object.entries(skills)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

/** Skills for display: "de_fluency" reads "De fluency", with its level (0–100), by name. */
export function skillTags(skills: Record<string, number>): { name: string; level: number }[] {
  return Object.entries(skills)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, level]) => {
      const words = key.replace(/[_-]+/g, " ").trim();
      return { name: words.charAt(0).toUpperCase() + words.slice(1), level };
    });
}

/** "en, DE ja" → ["en", "de", "ja"] (deduplicated; the server checks they are ISO 639 codes). */
export function parseLanguages(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}
