import { passwordProblems } from "@quorum/core";
import { countUsers, type Database, insertUser, isUniqueViolation } from "@quorum/storage";
import { hashPassword, randomPassword } from "./auth/password.js";

/**
 * On the first start (no users yet) creates the admin from QUORUM_ADMIN_EMAIL and
 * QUORUM_ADMIN_PASSWORD, or with a random password that is printed once and must be replaced at
 * the first sign-in. A QUORUM_ADMIN_PASSWORD that breaks the password policy stops the start with
 * the reason.
 */
export async function ensureAdmin(
  database: Database,
  env: { email?: string | undefined; password?: string | undefined },
  now: number,
  log: (line: string) => void,
): Promise<{ created: boolean; email?: string; password?: string }> {
  if ((await countUsers(database.db)) > 0) return { created: false };
  const email = env.email ?? "admin@quorum.local";
  const password = env.password ?? randomPassword();
  const problems = passwordProblems(password, { email }, "QUORUM_ADMIN_PASSWORD");
  if (env.password && problems.length > 0)
    throw new Error(`QUORUM_ADMIN_PASSWORD is not acceptable: ${problems.map((p) => p.message).join("; ")}`);
  try {
    await insertUser(
      database.db,
      {
        email,
        name: "Administrator",
        passwordHash: await hashPassword(password),
        role: "admin",
        // A printed password stays in terminals and logs: like an invite's temporary one, it only lets them in to replace it.
        passwordChangeRequired: !env.password,
      },
      now,
    );
  } catch (error) {
    // Another server process starting at the same moment created it first.
    if (isUniqueViolation(error)) return { created: false };
    throw error;
  }
  if (env.password) log(`Created the admin ${email} (password from QUORUM_ADMIN_PASSWORD).`);
  else
    log(
      `Created the admin ${email} with password ${password} (shown once; you choose your own password at the first sign-in).`,
    );
  return { created: true, email, password };
}
