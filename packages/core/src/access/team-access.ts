import type { User } from "../project.js";
import { canManageUser } from "../roles.js";

type Actor = Pick<User, "id" | "role" | "vendor">;

/**
 * Whether `actor` may manage the teams of the vendor named `vendorName`: managers and admins every
 * vendor's; a vendor lead only their own vendor's (invite into its teams, see its members).
 */
export function canManageVendorTeams(actor: Actor, vendorName: string): boolean {
  if (actor.role === "admin" || actor.role === "manager") return true;
  return actor.role === "vendor_lead" && actor.vendor !== null && actor.vendor === vendorName;
}

/**
 * Whether `actor` may deactivate, reactivate or move `target`: managers and admins as
 * `canManageUser` says; a vendor lead only annotators of their own vendor.
 */
export function canLeadPerson(actor: Actor, target: Pick<User, "id" | "role" | "vendor">): boolean {
  if (actor.role === "vendor_lead")
    return target.role === "annotator" && actor.vendor !== null && target.vendor === actor.vendor;
  return canManageUser(actor, target);
}
