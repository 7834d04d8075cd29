import { coveringLanguage, type Role, type User } from "@quorum/core";
import type { Kysely } from "kysely";
import { currentMemberships, type Membership } from "../repositories/team-memberships.js";
import { toUser } from "../repositories/users.js";
import type { DB } from "../schema.js";

export interface PeopleFilter {
  /** People of this vendor (by name, as `users.vendor` holds it). */
  vendorName?: string;
  teamId?: number;
  /** People who may work on a project requiring this BCP 47 tag (`de` finds `de-AT` speakers). */
  language?: string;
  region?: string;
  /** Erased tombstones are left out unless asked for by this filter. */
  status?: User["status"];
  role?: Role;
}

/** One person in the directory: the account and their current team (null: none). */
export interface Person {
  user: User;
  team: Membership | null;
}

/**
 * The people directory: users matching every filter given, by name, each with their current team.
 * The language filter applies core's matching rule (`coveringLanguage`), so it runs on the rows.
 */
export async function listPeople(db: Kysely<DB>, filter: PeopleFilter = {}): Promise<Person[]> {
  let query = db.selectFrom("users").selectAll().orderBy("name").orderBy("id");
  if (filter.vendorName !== undefined) query = query.where("vendor", "=", filter.vendorName);
  if (filter.role !== undefined) query = query.where("role", "=", filter.role);
  if (filter.region !== undefined) query = query.where("region", "=", filter.region);
  query =
    filter.status !== undefined ? query.where("status", "=", filter.status) : query.where("status", "!=", "erased");
  if (filter.teamId !== undefined) {
    const teamId = filter.teamId;
    query = query.where("id", "in", (eb) =>
      eb.selectFrom("team_memberships").select("user_id").where("team_id", "=", teamId).where("left_at", "is", null),
    );
  }
  let users = (await query.execute()).map(toUser);
  if (filter.language !== undefined) {
    const language = filter.language;
    users = users.filter((user) => coveringLanguage(user, language) !== undefined);
  }
  // One read of the current memberships: by id for a short list, all of them for a long one.
  const memberships = await currentMemberships(db, users.length <= 500 ? users.map((u) => u.id) : undefined);
  const byUser = new Map(memberships.map((m) => [m.userId, m]));
  return users.map((user) => ({ user, team: byUser.get(user.id) ?? null }));
}
