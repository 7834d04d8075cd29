import type { User } from "../project.js";
import { can } from "../roles.js";

/**
 * Whose people a caller may see in staff views (user lists, stats, quality tables, activity,
 * questions, the judgments of a task): everyone, or only the people of their own vendor. A vendor
 * lead with no vendor sees nobody but themself.
 */
export type PeopleScope = { kind: "everyone" } | { kind: "vendor"; vendor: string | null; self: number };

/** The one rule for what people a caller may see; every route that names people applies it. */
export function peopleScope(viewer: Pick<User, "id" | "role" | "vendor">): PeopleScope {
  if (viewer.role === "vendor_lead") return { kind: "vendor", vendor: viewer.vendor, self: viewer.id };
  return { kind: "everyone" };
}

/** Whether a person is inside the scope. */
export function inPeopleScope(scope: PeopleScope, person: Pick<User, "id" | "vendor">): boolean {
  if (scope.kind === "everyone") return true;
  if (person.id === scope.self) return true;
  return scope.vendor !== null && person.vendor === scope.vendor;
}

/** Whether the caller may see gold answers (and whether a judgment matched one). */
export function seesGold(viewer: Pick<User, "role">): boolean {
  return can(viewer.role, "gold.read");
}
