import {
  effectiveSkillLevels,
  idleLimitMs,
  type SkillGrant,
  type SkillState,
  skillState,
  type User,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { listProjects } from "../repositories/projects.js";
import { lastWorkByProject, listSkillGrants, type StoredGrant } from "../repositories/user-skills.js";
import type { DB } from "../schema.js";

/**
 * A person's exam grants with their last use: the later of the grant and the latest hour of
 * production work on any project that requires the skill (read from the hourly activity
 * roll-up, so the labeling path writes nothing extra).
 *
 * Given `now`, grants too recent to be idle by then keep their grant time as last use, and
 * nothing more is read when all are (the lease path's common case).
 */
export async function loadSkillGrants(
  db: Kysely<DB>,
  userId: number,
  now?: number,
): Promise<(SkillGrant & StoredGrant)[]> {
  const stored = await listSkillGrants(db, userId);
  if (stored.length === 0) return [];
  if (now !== undefined && stored.every((g) => now - g.grantedAt < idleLimitMs()))
    return stored.map((g) => ({ ...g, lastUsedAt: g.grantedAt }));
  const [lastWork, projects] = await Promise.all([lastWorkByProject(db, userId), listProjects(db)]);
  const lastUse = new Map<string, number>();
  for (const project of projects) {
    const worked = lastWork.get(project.id);
    if (worked === undefined) continue;
    for (const skill of Object.keys(project.requirements.skills))
      lastUse.set(skill, Math.max(lastUse.get(skill) ?? 0, worked));
  }
  return stored.map((g) => ({ ...g, lastUsedAt: Math.max(g.grantedAt, lastUse.get(g.skill) ?? 0) }));
}

/** The user with the skills they hold now: profile levels raised by their active exam grants. */
export async function withCertifiedSkills(db: Kysely<DB>, user: User, now: number): Promise<User> {
  const grants = await loadSkillGrants(db, user.id, now);
  if (grants.length === 0) return user;
  return { ...user, skills: effectiveSkillLevels(user.skills, grants, now) };
}

export interface UserSkill {
  skill: string;
  level: number;
  grantedAt: number;
  expiresAt: number;
  /** When idleness will lapse it, if it is not used before. */
  idleAt: number;
  state: SkillState;
}

/** A person's certified skills, each level with its expiry and whether it counts now. */
export async function listUserSkills(db: Kysely<DB>, userId: number, now: number): Promise<UserSkill[]> {
  const idle = idleLimitMs();
  return (await loadSkillGrants(db, userId)).map((g) => ({
    skill: g.skill,
    level: g.level,
    grantedAt: g.grantedAt,
    expiresAt: g.expiresAt,
    idleAt: g.lastUsedAt + idle,
    state: skillState(g, now, idle),
  }));
}
