import type { User } from "@quorum/core";
import type { Database } from "../database.js";
import { deleteUserSessions } from "../repositories/sessions.js";
import { type UserChanges, updateUser } from "../repositories/users.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { ensureVendorTeam } from "./ensure-vendor-team.js";
import { placePerson } from "./place-person.js";
import { type ReleasedWork, releaseWorkOf } from "./release-work-of.js";

/**
 * Changes a user's profile, role, status or password in one transaction with what goes with it:
 * `signOut` ends their sessions and API tokens; deactivating gives back their review claims and
 * task leases (`releaseWorkOf`), counted in the audit row's `released`. A new `vendor` (by name)
 * moves the person into that vendor's team (`ensureVendorTeam`), keeping their team history.
 */
export async function updateUserAccount(
  database: Database,
  options: {
    userId: number;
    changes: UserChanges;
    signOut: boolean;
    audit: { actorId: number; action: string; details: Record<string, unknown> };
    now: number;
  },
): Promise<{ user: User | undefined; released: ReleasedWork | null }> {
  const { userId, now } = options;
  return inTransaction(database, async (trx) => {
    const { vendor } = options.changes;
    if (vendor !== undefined) {
      const team = vendor === null ? null : await ensureVendorTeam(trx, { vendorName: vendor, userId, now });
      await placePerson(trx, { userId, team, now });
    }
    const user = await updateUser(trx, userId, options.changes);
    const released = options.changes.status === "deactivated" ? await releaseWorkOf(trx, userId, now) : null;
    if (options.signOut) await deleteUserSessions(trx, userId);
    await writeAudit(trx, {
      actorId: options.audit.actorId,
      action: options.audit.action,
      details: { ...options.audit.details, ...(released ? { released } : {}) },
      now,
    });
    return { user, released };
  });
}
