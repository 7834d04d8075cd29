import type { User } from "../project.js";

/**
 * Who may read a person's scorecard, tiers and coaching notes: the person themself, the people
 * who manage them (admins and managers) and the vendor lead of their vendor; nobody else — not
 * analysts, reviewers or other annotators.
 */
export function canReadScorecard(
  viewer: Pick<User, "id" | "role" | "vendor">,
  person: Pick<User, "id" | "vendor">,
): boolean {
  if (viewer.id === person.id) return true;
  if (viewer.role === "admin" || viewer.role === "manager") return true;
  return viewer.role === "vendor_lead" && viewer.vendor !== null && viewer.vendor === person.vendor;
}

/** Who may change a person's tier or add a coaching note: admins and managers, never on themself. */
export function canCoach(viewer: Pick<User, "id" | "role">, person: Pick<User, "id">): boolean {
  return (viewer.role === "admin" || viewer.role === "manager") && viewer.id !== person.id;
}
