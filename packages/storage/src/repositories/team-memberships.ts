import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/** One stay of a person in a team, with the names as they are now. */
export interface Membership {
  id: number;
  userId: number;
  teamId: number;
  teamName: string;
  vendorId: number;
  vendorName: string;
  joinedAt: number;
  /** null: the current team. */
  leftAt: number | null;
}

function membershipsQuery(db: Kysely<DB>) {
  return db
    .selectFrom("team_memberships as m")
    .innerJoin("teams", "teams.id", "m.team_id")
    .innerJoin("vendors", "vendors.id", "teams.vendor_id")
    .select([
      "m.id",
      "m.user_id",
      "m.team_id",
      "teams.name as team_name",
      "teams.vendor_id",
      "vendors.name as vendor_name",
      "m.joined_at",
      "m.left_at",
    ]);
}

type MembershipRow = Awaited<ReturnType<ReturnType<typeof membershipsQuery>["executeTakeFirstOrThrow"]>>;

function toMembership(row: MembershipRow): Membership {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    teamId: Number(row.team_id),
    teamName: row.team_name,
    vendorId: Number(row.vendor_id),
    vendorName: row.vendor_name,
    joinedAt: Number(row.joined_at),
    leftAt: row.left_at === null ? null : Number(row.left_at),
  };
}

/** A person's stays in teams, the newest first. */
export async function membershipHistory(db: Kysely<DB>, userId: number): Promise<Membership[]> {
  const rows = await membershipsQuery(db)
    .where("m.user_id", "=", userId)
    .orderBy("m.joined_at", "desc")
    .orderBy("m.id", "desc")
    .execute();
  return rows.map(toMembership);
}

/** The current memberships of these people (all people when `userIds` is undefined). */
export async function currentMemberships(db: Kysely<DB>, userIds?: readonly number[]): Promise<Membership[]> {
  if (userIds && userIds.length === 0) return [];
  let query = membershipsQuery(db).where("m.left_at", "is", null);
  if (userIds) query = query.where("m.user_id", "in", userIds);
  return (await query.execute()).map(toMembership);
}

/** Ends a person's current membership (if any) at `now`; returns the team they left. */
export async function closeMembership(db: Kysely<DB>, userId: number, now: number): Promise<number | null> {
  const row = await db
    .updateTable("team_memberships")
    .set({ left_at: now })
    .where("user_id", "=", userId)
    .where("left_at", "is", null)
    .returning("team_id")
    .executeTakeFirst();
  return row ? Number(row.team_id) : null;
}

export async function openMembership(db: Kysely<DB>, userId: number, teamId: number, now: number): Promise<void> {
  await db
    .insertInto("team_memberships")
    .values({ user_id: userId, team_id: teamId, joined_at: now, left_at: null })
    .execute();
}

/** The people whose current team is `teamId`. */
export async function currentMemberIds(db: Kysely<DB>, teamId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("team_memberships")
    .select("user_id")
    .where("team_id", "=", teamId)
    .where("left_at", "is", null)
    .execute();
  return rows.map((row) => Number(row.user_id));
}
