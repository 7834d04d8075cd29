import { DomainError, notFound, type User } from "@quorum/core";
import type { Database } from "../database.js";
import { isUniqueViolation } from "../database.js";
import { getTeam } from "../repositories/teams.js";
import { insertUser, type NewUser } from "../repositories/users.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { ensureVendorTeam } from "./ensure-vendor-team.js";
import { writePasswordLink } from "./password-links.js";
import { placePerson } from "./place-person.js";

/**
 * Creates an account and places it in a team in one transaction: `teamId` names the team (its
 * vendor becomes the person's), else `vendor` by name puts them in that vendor's default team.
 * A taken email is `email_taken` and leaves nothing behind. With `passwordLinkHash`, the person's
 * one-time set-password link is written in the same transaction, so no account is left without one.
 */
export async function invitePerson(
  database: Database,
  options: { user: NewUser; teamId?: number; actorId: number; now: number; passwordLinkHash?: string },
): Promise<User> {
  const { now } = options;
  try {
    return await inTransaction(database, async (trx) => {
      const team = options.teamId !== undefined ? await getTeam(trx, options.teamId) : undefined;
      if (options.teamId !== undefined && (!team || team.archived)) throw notFound("Team");
      const vendor = team ? team.vendorName : (options.user.vendor ?? null);
      const user = await insertUser(trx, { ...options.user, vendor }, now);
      const place = team
        ? { id: team.id, vendorName: team.vendorName }
        : vendor !== null
          ? await ensureVendorTeam(trx, { vendorName: vendor, now })
          : null;
      if (place) await placePerson(trx, { userId: user.id, team: place, now });
      await writeAudit(trx, {
        actorId: options.actorId,
        action: "user.create",
        details: { userId: user.id, email: user.email, role: user.role, vendor, teamId: place?.id ?? null },
        now,
      });
      if (options.passwordLinkHash !== undefined)
        await writePasswordLink(trx, {
          userId: user.id,
          tokenHash: options.passwordLinkHash,
          purpose: "set",
          createdBy: options.actorId,
          now,
        });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("email_taken", "A user with this email exists", [
        { path: "email", message: "already taken" },
      ]);
    throw error;
  }
}
