import { invalidInput, notFound } from "@quorum/core";
import type { Database } from "../database.js";
import { forgetUserCredentials } from "../repositories/credential-cache.js";
import { getVendor, updateVendor } from "../repositories/vendors.js";
import { inTransaction, writeAudit } from "../transaction.js";

/**
 * Merges vendor `sourceId` into `targetId`: the source's teams move to the target whole (their
 * memberships, current and past, stay as they were, so history is kept; a team whose name the
 * target already uses gets the source's name appended), its people carry the target's name in
 * `users.vendor`, and the source is archived with `merged_into` pointing at the target.
 */
export async function mergeVendors(
  database: Database,
  options: { sourceId: number; targetId: number; actorId: number; now: number },
): Promise<{ teamsMoved: number; peopleMoved: number }> {
  if (options.sourceId === options.targetId)
    throw invalidInput("A vendor cannot be merged into itself", [
      { path: "intoVendorId", message: "choose another vendor" },
    ]);
  return inTransaction(database, async (trx) => {
    const source = await getVendor(trx, options.sourceId);
    const target = await getVendor(trx, options.targetId);
    if (!source) throw notFound("Vendor");
    if (!target || target.archived)
      throw invalidInput("Merge into a vendor that exists and is not archived", [
        { path: "intoVendorId", message: "no such active vendor" },
      ]);
    const taken = new Set(
      (await trx.selectFrom("teams").select("name").where("vendor_id", "=", target.id).execute()).map((t) => t.name),
    );
    const teams = await trx.selectFrom("teams").select(["id", "name"]).where("vendor_id", "=", source.id).execute();
    for (const team of teams) {
      let name = team.name;
      for (let n = 1; taken.has(name); n++)
        name = n === 1 ? `${team.name} (${source.name})` : `${team.name} (${source.name} ${n})`;
      taken.add(name);
      await trx.updateTable("teams").set({ vendor_id: target.id, name }).where("id", "=", team.id).execute();
    }
    const people = await trx
      .updateTable("users")
      .set({ vendor: target.name })
      .where("vendor", "=", source.name)
      .returning("id")
      .execute();
    for (const person of people) forgetUserCredentials(Number(person.id));
    await updateVendor(trx, source.id, { archived: true, mergedInto: target.id });
    const result = { teamsMoved: teams.length, peopleMoved: people.length };
    await writeAudit(trx, {
      actorId: options.actorId,
      action: "vendor.merge",
      details: { sourceId: source.id, targetId: target.id, ...result },
      now: options.now,
    });
    return result;
  });
}
