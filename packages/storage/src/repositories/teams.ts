import type { Kysely, Updateable } from "kysely";
import type { DB } from "../schema.js";
import type { TeamsTable } from "../schema-people.js";

export interface Team {
  id: number;
  vendorId: number;
  vendorName: string;
  name: string;
  leadUserId: number | null;
  leadName: string | null;
  archived: boolean;
  mergedInto: number | null;
  createdAt: number;
  /** People whose current team this is. */
  memberCount: number;
}

function teamsQuery(db: Kysely<DB>) {
  return db
    .selectFrom("teams")
    .innerJoin("vendors", "vendors.id", "teams.vendor_id")
    .leftJoin("users as lead", "lead.id", "teams.lead_user_id")
    .select((eb) => [
      "teams.id",
      "teams.vendor_id",
      "vendors.name as vendor_name",
      "teams.name",
      "teams.lead_user_id",
      "lead.name as lead_name",
      "teams.archived",
      "teams.merged_into",
      "teams.created_at",
      eb
        .selectFrom("team_memberships")
        .select((m) => m.fn.countAll<number>().as("n"))
        .whereRef("team_memberships.team_id", "=", "teams.id")
        .where("team_memberships.left_at", "is", null)
        .as("member_count"),
    ]);
}

type TeamRow = Awaited<ReturnType<ReturnType<typeof teamsQuery>["executeTakeFirstOrThrow"]>>;

function toTeam(row: TeamRow): Team {
  return {
    id: Number(row.id),
    vendorId: Number(row.vendor_id),
    vendorName: row.vendor_name,
    name: row.name,
    leadUserId: row.lead_user_id === null ? null : Number(row.lead_user_id),
    leadName: row.lead_name,
    archived: Number(row.archived) === 1,
    mergedInto: row.merged_into === null ? null : Number(row.merged_into),
    createdAt: Number(row.created_at),
    memberCount: Number(row.member_count ?? 0),
  };
}

export async function insertTeam(
  db: Kysely<DB>,
  team: { vendorId: number; name: string; leadUserId?: number | null },
  now: number,
): Promise<number> {
  const row = await db
    .insertInto("teams")
    .values({
      vendor_id: team.vendorId,
      name: team.name,
      lead_user_id: team.leadUserId ?? null,
      merged_into: null,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function getTeam(db: Kysely<DB>, id: number): Promise<Team | undefined> {
  const row = await teamsQuery(db).where("teams.id", "=", id).executeTakeFirst();
  return row && toTeam(row);
}

/** Teams by vendor and name; `vendorId` or `vendorName` narrows to one vendor's. */
export async function listTeams(
  db: Kysely<DB>,
  filter: { vendorId?: number; vendorName?: string } = {},
): Promise<Team[]> {
  let query = teamsQuery(db).orderBy("vendors.name").orderBy("teams.name");
  if (filter.vendorId !== undefined) query = query.where("teams.vendor_id", "=", filter.vendorId);
  if (filter.vendorName !== undefined) query = query.where("vendors.name", "=", filter.vendorName);
  return (await query.execute()).map(toTeam);
}

export async function updateTeam(
  db: Kysely<DB>,
  id: number,
  fields: { name?: string; leadUserId?: number | null; archived?: boolean; vendorId?: number; mergedInto?: number },
): Promise<void> {
  const values: Updateable<TeamsTable> = {};
  if (fields.name !== undefined) values.name = fields.name;
  if (fields.leadUserId !== undefined) values.lead_user_id = fields.leadUserId;
  if (fields.archived !== undefined) values.archived = fields.archived ? 1 : 0;
  if (fields.vendorId !== undefined) values.vendor_id = fields.vendorId;
  if (fields.mergedInto !== undefined) values.merged_into = fields.mergedInto;
  if (Object.keys(values).length > 0) await db.updateTable("teams").set(values).where("id", "=", id).execute();
}
