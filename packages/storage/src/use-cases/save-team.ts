import { DomainError, invalidInput, notFound } from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import { isUniqueViolation } from "../database.js";
import { getTeam, insertTeam, type Team, updateTeam } from "../repositories/teams.js";
import { getVendor } from "../repositories/vendors.js";
import type { DB } from "../schema.js";
import { inTransaction, writeAudit } from "../transaction.js";

function nameTaken(): DomainError {
  return new DomainError("conflict", "This vendor has a team with this name", [
    { path: "name", message: "already taken" },
  ]);
}

/** A team lead must be an account that is not erased. */
async function checkLead(trx: Kysely<DB>, leadUserId: number | null | undefined): Promise<void> {
  if (leadUserId === null || leadUserId === undefined) return;
  const lead = await trx.selectFrom("users").select("status").where("id", "=", leadUserId).executeTakeFirst();
  if (!lead || lead.status === "erased")
    throw invalidInput("The team lead is not a user", [{ path: "leadUserId", message: "no such user" }]);
}

/** Creates a team of a vendor that is not archived (name unique within the vendor), audited. */
export async function createTeam(
  database: Database,
  options: { vendorId: number; name: string; leadUserId?: number | null; actorId: number; now: number },
): Promise<Team> {
  try {
    return await inTransaction(database, async (trx) => {
      const vendor = await getVendor(trx, options.vendorId);
      if (!vendor || vendor.archived)
        throw invalidInput("No such active vendor", [{ path: "vendorId", message: "no such active vendor" }]);
      await checkLead(trx, options.leadUserId);
      const id = await insertTeam(trx, options, options.now);
      await writeAudit(trx, {
        actorId: options.actorId,
        action: "team.create",
        details: { teamId: id, vendorId: vendor.id, name: options.name },
        now: options.now,
      });
      return (await getTeam(trx, id)) as Team;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** Renames a team, sets or clears its lead, or archives it. */
export async function updateTeamRecord(
  database: Database,
  options: {
    teamId: number;
    fields: { name?: string; leadUserId?: number | null; archived?: boolean };
    actorId: number;
    now: number;
  },
): Promise<Team> {
  try {
    return await inTransaction(database, async (trx) => {
      const before = await getTeam(trx, options.teamId);
      if (!before) throw notFound("Team");
      await checkLead(trx, options.fields.leadUserId);
      await updateTeam(trx, before.id, options.fields);
      await writeAudit(trx, {
        actorId: options.actorId,
        action: "team.update",
        details: {
          teamId: before.id,
          before: { name: before.name, leadUserId: before.leadUserId },
          after: options.fields,
        },
        now: options.now,
      });
      return (await getTeam(trx, before.id)) as Team;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}
