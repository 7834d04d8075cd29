/** A skill certified by an exam: held at `level` until `expiresAt`, or until left unused too long. */
export interface SkillGrant {
  skill: string;
  level: number;
  grantedAt: number;
  expiresAt: number;
  /**
   * When the skill was last used: the latest production work on a project that requires it, or
   * the grant itself when later.
   */
  lastUsedAt: number;
}

/** A skill left unused this long lapses (see `skillState`), unless a caller sets another limit. */
export const DEFAULT_SKILL_IDLE_DAYS = 90;
const DAY_MS = 86_400_000;

/** Days of idleness as milliseconds. */
export function idleLimitMs(days = DEFAULT_SKILL_IDLE_DAYS): number {
  return days * DAY_MS;
}

export type SkillState = "active" | "expired" | "idle";

/**
 * Whether a grant counts at `now`: `expired` from its expiry on, `idle` once unused for
 * `idleLimit` ms (skills fade: someone who has not labeled medical images for three months
 * should show again that they can), otherwise `active`.
 */
export function skillState(grant: SkillGrant, now: number, idleLimit = idleLimitMs()): SkillState {
  if (now >= grant.expiresAt) return "expired";
  if (now - grant.lastUsedAt >= idleLimit) return "idle";
  return "active";
}

/**
 * The grant after passing an exam for `skill` at `level` again: it runs for `validityMs` from
 * now, or keeps a later expiry it already had; a new pass counts as use.
 */
export function renewGrant(
  existing: SkillGrant | undefined,
  pass: { skill: string; level: number; validityMs: number; now: number },
): SkillGrant {
  const expiresAt = pass.now + pass.validityMs;
  return {
    skill: pass.skill,
    level: pass.level,
    grantedAt: pass.now,
    expiresAt: existing && existing.expiresAt > expiresAt ? existing.expiresAt : expiresAt,
    lastUsedAt: pass.now,
  };
}

/**
 * The level of each skill a person holds at `now`: the higher of the level a manager set on
 * their profile (which never lapses) and their active exam grants.
 */
export function effectiveSkillLevels(
  profileSkills: Readonly<Record<string, number>>,
  grants: readonly SkillGrant[],
  now: number,
  idleLimit = idleLimitMs(),
): Record<string, number> {
  const levels: Record<string, number> = { ...profileSkills };
  for (const grant of grants) {
    if (skillState(grant, now, idleLimit) !== "active") continue;
    levels[grant.skill] = Math.max(levels[grant.skill] ?? 0, grant.level);
  }
  return levels;
}
