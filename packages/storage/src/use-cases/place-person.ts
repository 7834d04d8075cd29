import type { Kysely } from "kysely";
import { forgetUserCredentials } from "../repositories/credential-cache.js";
import { closeMembership, openMembership } from "../repositories/team-memberships.js";
import type { DB } from "../schema.js";

/**
 * Inside the caller's transaction: ends the person's current team stay and starts one in `team`
 * (none: they leave every team), and keeps `users.vendor` (what vendor-lead scoping, stats and
 * cost read) equal to the vendor of the new team. A move into the team they are in changes nothing.
 */
export async function placePerson(
  trx: Kysely<DB>,
  options: { userId: number; team: { id: number; vendorName: string } | null; now: number },
): Promise<{ fromTeamId: number | null; moved: boolean }> {
  const { userId, team, now } = options;
  const current = await trx
    .selectFrom("team_memberships")
    .select("team_id")
    .where("user_id", "=", userId)
    .where("left_at", "is", null)
    .executeTakeFirst();
  const fromTeamId = current ? Number(current.team_id) : null;
  if (team && fromTeamId === team.id) return { fromTeamId, moved: false };
  await closeMembership(trx, userId, now);
  if (team) await openMembership(trx, userId, team.id, now);
  await trx
    .updateTable("users")
    .set({ vendor: team ? team.vendorName : null })
    .where("id", "=", userId)
    .execute();
  forgetUserCredentials(userId);
  return { fromTeamId, moved: true };
}
