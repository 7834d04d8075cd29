import { type ErrorDetail, invalidInput } from "../errors.js";
import { ROLES, type Role } from "../roles.js";

/** One `claim value = role` pair of a role map, e.g. `quorum-admins=admin`. */
export interface RoleMapEntry {
  value: string;
  role: Role;
}

/**
 * Claim values (groups, app roles) to Quorum roles, in the order they were written: the first
 * entry a person's claims match decides their role, so a map lists its most powerful group first.
 */
export type RoleMap = readonly RoleMapEntry[];

/**
 * Reads `value=role,value=role,...` (spaces around entries ignored; a value may itself hold `=`,
 * the role is after the last one). Throws `invalid_input` naming `field` for an entry without a
 * role, an unknown role, a value listed twice, or an empty map.
 */
export function parseRoleMap(text: string, field: string): RoleMap {
  const entries: RoleMapEntry[] = [];
  const problems: ErrorDetail[] = [];
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const at = entry.lastIndexOf("=");
    const value = at < 0 ? "" : entry.slice(0, at).trim();
    const role = at < 0 ? "" : entry.slice(at + 1).trim();
    if (value === "" || role === "") {
      problems.push({ path: field, message: `"${entry}" is not claim-value=role` });
      continue;
    }
    if (!(ROLES as readonly string[]).includes(role)) {
      problems.push({ path: field, message: `"${entry}": ${role} is not a role (one of ${ROLES.join(", ")})` });
      continue;
    }
    if (entries.some((known) => known.value === value)) {
      problems.push({ path: field, message: `"${value}" is mapped twice` });
      continue;
    }
    entries.push({ value, role: role as Role });
  }
  if (problems.length === 0 && entries.length === 0)
    problems.push({ path: field, message: "maps no claim value to a role (e.g. quorum-admins=admin)" });
  if (problems.length > 0) throw invalidInput(`${field}: ${problems.map((p) => p.message).join("; ")}`, problems);
  return entries;
}

/**
 * The claim's values: a list of strings, or one string (some providers send a single group as a
 * string). A name with dots such as `realm_access.roles` reaches into nested objects when the
 * claims have no top-level key of that exact name.
 */
export function claimValues(claims: Readonly<Record<string, unknown>>, claim: string): string[] {
  let value: unknown = claims[claim];
  if (value === undefined && claim.includes(".")) {
    value = claims;
    for (const key of claim.split(".")) {
      value =
        value !== null && typeof value === "object" && !Array.isArray(value)
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
  }
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/**
 * The role a signed-in person gets from their identity provider's claims: the first entry of
 * `map` whose value is among the values of `claim`; undefined when none matches (they are refused).
 * Values are compared exactly: group names are identifiers, and `Admins` may not be `admins`.
 */
export function roleFromClaims(
  claims: Readonly<Record<string, unknown>>,
  map: RoleMap,
  claim: string,
): { role: Role; matched: string } | undefined {
  const held = new Set(claimValues(claims, claim));
  const entry = map.find((candidate) => held.has(candidate.value));
  return entry && { role: entry.role, matched: entry.value };
}
