import { idleLimitMs, type SkillGrant, skillState } from "./skill-grants.js";

/** The guideline version in force on a project, as certification sees it. */
export interface GuidelineInForce {
  version: number;
  /** A manager marked it: holders certified before it was published must pass again. */
  requiresRecertification: boolean;
  publishedAt: number;
}

export type CertificationReason = "missing" | "below_level" | "expired" | "idle" | "recertification";

/** A skill someone must (re)certify before production work on a project, and why. */
export interface CertificationNeed {
  skill: string;
  level: number;
  reason: CertificationReason;
}

/**
 * What a person must certify before their next production task on a project: for each skill the
 * project requires at a level, an active exam grant at that level or above, granted after the
 * guideline version in force was published when that version requires re-certification.
 *
 * A level a manager set on the person's profile satisfies the requirement on its own: it is an
 * explicit override (in-house experts, people certified elsewhere) and does not lapse.
 * Empty when the person may work. Reasons, most telling first: `recertification` (an active
 * grant predates the guideline change), `idle`, `expired`, `below_level` (an active grant at a
 * lower level), `missing`.
 */
export function needsCertification(input: {
  grants: readonly SkillGrant[];
  profileSkills: Readonly<Record<string, number>>;
  /** The project's required level per skill. */
  requirements: Readonly<Record<string, number>>;
  guideline: GuidelineInForce | null;
  now: number;
  idleLimit?: number;
}): CertificationNeed[] {
  const idleLimit = input.idleLimit ?? idleLimitMs();
  const needs: CertificationNeed[] = [];
  for (const [skill, level] of Object.entries(input.requirements)) {
    if ((input.profileSkills[skill] ?? 0) >= level) continue;
    const held = input.grants.filter((g) => g.skill === skill);
    const qualifying = held.filter((g) => g.level >= level);
    const active = qualifying.filter((g) => skillState(g, input.now, idleLimit) === "active");
    const reason = ((): CertificationReason | undefined => {
      if (active.length > 0) {
        const recertify = input.guideline?.requiresRecertification === true;
        const current = active.some((g) => g.grantedAt >= (input.guideline?.publishedAt ?? 0));
        return recertify && !current ? "recertification" : undefined;
      }
      if (qualifying.some((g) => skillState(g, input.now, idleLimit) === "idle")) return "idle";
      if (qualifying.length > 0) return "expired";
      if (held.some((g) => skillState(g, input.now, idleLimit) === "active")) return "below_level";
      return "missing";
    })();
    if (reason) needs.push({ skill, level, reason });
  }
  return needs;
}

/** A sentence for a need, for the error an annotator sees when a task is refused. */
export function describeCertificationNeed(need: CertificationNeed): string {
  const what = `${need.skill} at level ${need.level}`;
  switch (need.reason) {
    case "recertification":
      return `the guidelines changed: pass the exam for ${what} again`;
    case "idle":
      return `${what} lapsed after a long time unused: pass its exam again`;
    case "expired":
      return `your certification in ${what} expired: pass its exam again`;
    case "below_level":
      return `you are certified in ${need.skill} below level ${need.level}: pass the exam for ${what}`;
    case "missing":
      return `pass the exam for ${what}`;
  }
}
