import { invalidInput, notFound } from "@quorum/core";
import type { Database } from "../database.js";
import { isUniqueViolation } from "../database.js";
import { getTeam } from "../repositories/teams.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { placePerson } from "./place-person.js";

/**
 * Moves a person into a team (closing their current stay, kept as history) or out of every team
 * (`teamId` null), in one transaction with its audit row. Archived teams take nobody new. Two
 * moves of one person that race end with exactly one current team (a unique index; the loser retries).
 */
export async function movePersonToTeam(
  database: Database,
  options: { userId: number; teamId: number | null; actorId: number; now: number },
): Promise<{ moved: boolean; fromTeamId: number | null }> {
  return inTransaction(
    database,
    async (trx) => {
      const user = await trx
        .selectFrom("users")
        .select(["id", "status"])
        .where("id", "=", options.userId)
        .executeTakeFirst();
      if (!user || user.status === "erased") throw notFound("User");
      const team = options.teamId === null ? null : await getTeam(trx, options.teamId);
      if (options.teamId !== null && !team) throw notFound("Team");
      if (team?.archived)
        throw invalidInput("This team is archived", [
          { path: "teamId", message: "choose a team that is not archived" },
        ]);
      const result = await placePerson(trx, {
        userId: options.userId,
        team: team ? { id: team.id, vendorName: team.vendorName } : null,
        now: options.now,
      });
      if (result.moved)
        await writeAudit(trx, {
          actorId: options.actorId,
          action: "person.move",
          details: { userId: options.userId, fromTeamId: result.fromTeamId, toTeamId: options.teamId },
          now: options.now,
        });
      return result;
    },
    { retryOn: isUniqueViolation },
  );
}
