import type { Kysely } from "kysely";
import { findVendorByName } from "../repositories/vendors.js";
import type { DB } from "../schema.js";

/** The team a vendor's people join when only the vendor's name is given. */
export const DEFAULT_TEAM_NAME = "Default";

/**
 * Inside the caller's transaction: the team a person named only by vendor (the older
 * `users.vendor` field) belongs in: their current team when it is that vendor's, else the
 * vendor's "Default" team. The vendor and the team are created when missing.
 */
export async function ensureVendorTeam(
  trx: Kysely<DB>,
  options: { vendorName: string; userId?: number; now: number },
): Promise<{ id: number; vendorName: string }> {
  const { vendorName, now } = options;
  // Created if missing without failing when another request creates the same vendor (or team)
  // at the same moment: insert-or-ignore, then read.
  await trx
    .insertInto("vendors")
    .values({
      name: vendorName,
      contact_name: null,
      contact_email: null,
      contract_terms: "",
      currency: null,
      merged_into: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const vendor = await findVendorByName(trx, vendorName);
  if (!vendor) throw new Error(`vendor ${vendorName} vanished`);
  if (options.userId !== undefined) {
    const current = await trx
      .selectFrom("team_memberships")
      .innerJoin("teams", "teams.id", "team_memberships.team_id")
      .select("teams.id")
      .where("team_memberships.user_id", "=", options.userId)
      .where("team_memberships.left_at", "is", null)
      .where("teams.vendor_id", "=", vendor.id)
      .executeTakeFirst();
    if (current) return { id: Number(current.id), vendorName: vendor.name };
  }
  await trx
    .insertInto("teams")
    .values({ vendor_id: vendor.id, name: DEFAULT_TEAM_NAME, lead_user_id: null, merged_into: null, created_at: now })
    .onConflict((oc) => oc.columns(["vendor_id", "name"]).doNothing())
    .execute();
  const team = await trx
    .selectFrom("teams")
    .select("id")
    .where("vendor_id", "=", vendor.id)
    .where("name", "=", DEFAULT_TEAM_NAME)
    .executeTakeFirstOrThrow();
  return { id: Number(team.id), vendorName: vendor.name };
}
