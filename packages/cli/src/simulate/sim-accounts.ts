import { checkEligibility, type Project, type User } from "@quorum/core";
import { type Database, findUserWithPassword, insertUser, updateUser } from "@quorum/storage";

/** The email of the n-th simulated annotator (1-based). */
export function simulatedEmail(n: number): string {
  return `sim-${n}@quorum.local`;
}

/**
 * The accounts `sim-1@quorum.local` ... `sim-<count>@quorum.local`, created when missing and
 * otherwise reused, each made eligible for the project: the project's languages are dealt round
 * the accounts (so every language queue has people), required skills are raised to the level
 * asked, and a paused account is reactivated. `passwordHash` is asked for only when an account is
 * created; give one that nobody knows, since these accounts are not meant to sign in.
 */
export async function ensureSimulatedAnnotators(
  database: Database,
  options: { project: Project; count: number; passwordHash: () => Promise<string>; now: number },
): Promise<User[]> {
  const { project } = options;
  const required = project.requirements;
  const users: User[] = [];
  let hash: string | undefined;
  for (let n = 1; n <= options.count; n++) {
    const email = simulatedEmail(n);
    const language = required.languages.length > 0 ? required.languages[(n - 1) % required.languages.length]! : "en";
    const found = await findUserWithPassword(database.db, email);
    if (!found) {
      hash ??= await options.passwordHash();
      users.push(
        await insertUser(
          database.db,
          {
            email,
            name: `Simulated annotator ${n}`,
            passwordHash: hash,
            role: "annotator",
            languages: [language],
            skills: { ...required.skills },
          },
          options.now,
        ),
      );
      continue;
    }
    const { user } = found;
    if (user.role !== "annotator") throw new Error(`${email} exists but is a ${user.role}, not an annotator`);
    if (checkEligibility(user, required).eligible) {
      users.push(user);
      continue;
    }
    const skills = { ...user.skills };
    for (const [skill, level] of Object.entries(required.skills)) skills[skill] = Math.max(skills[skill] ?? 0, level);
    const speaks = required.languages.length === 0 || required.languages.some((l) => user.languages.includes(l));
    const updated = await updateUser(database.db, user.id, {
      languages: speaks ? user.languages : [...user.languages, language],
      skills,
      status: "active",
    });
    users.push(updated ?? user);
  }
  return users;
}
