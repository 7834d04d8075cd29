import { invalidInput, notFound } from "@quorum/core";
import type { Database } from "../database.js";
import { isUniqueViolation } from "../database.js";
import { currentMemberIds } from "../repositories/team-memberships.js";
import { getTeam, updateTeam } from "../repositories/teams.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { placePerson } from "./place-person.js";

/**
 * Merges team `sourceId` into `targetId`: each current member's stay in the source ends now and a
 * stay in the target begins (their history keeps both), `users.vendor` follows when the target
 * belongs to another vendor, and the source is archived with `merged_into` set.
 */
export async function mergeTeams(
  database: Database,
  options: { sourceId: number; targetId: number; actorId: number; now: number },
): Promise<{ peopleMoved: number }> {
  if (options.sourceId === options.targetId)
    throw invalidInput("A team cannot be merged into itself", [{ path: "intoTeamId", message: "choose another team" }]);
  return inTransaction(
    database,
    async (trx) => {
      const source = await getTeam(trx, options.sourceId);
      const target = await getTeam(trx, options.targetId);
      if (!source) throw notFound("Team");
      if (!target || target.archived)
        throw invalidInput("Merge into a team that exists and is not archived", [
          { path: "intoTeamId", message: "no such active team" },
        ]);
      const members = await currentMemberIds(trx, source.id);
      for (const userId of members)
        await placePerson(trx, { userId, team: { id: target.id, vendorName: target.vendorName }, now: options.now });
      await updateTeam(trx, source.id, { archived: true, mergedInto: target.id });
      await writeAudit(trx, {
        actorId: options.actorId,
        action: "team.merge",
        details: { sourceId: source.id, targetId: target.id, peopleMoved: members.length },
        now: options.now,
      });
      return { peopleMoved: members.length };
    },
    { retryOn: isUniqueViolation },
  );
}
