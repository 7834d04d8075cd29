import { DomainError, isLanguageLevel, type LanguageLevel, ROLES, type Role, readTier, type User } from "@quorum/core";
import type { Kysely, Selectable, Updateable } from "kysely";
import type { DB, UsersTable } from "../schema.js";
import { forgetUserCredentials } from "./credential-cache.js";
import { isNumberRecord, isObject, isTextList, parseJsonColumn } from "./json-column.js";

function isLevelRecord(value: unknown): value is Record<string, LanguageLevel> {
  return isObject(value) && Object.values(value).every(isLanguageLevel);
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  languages?: string[];
  skills?: Record<string, number>;
  vendor?: string | null;
  languageLevels?: Record<string, LanguageLevel>;
  region?: string | null;
  /** IANA time zone (checked by the caller). */
  timeZone?: string | null;
  /** The password was chosen by whoever creates the account: the person must change it at sign-in. */
  passwordChangeRequired?: boolean;
}

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    languages: parseJsonColumn(row.languages, "users.languages", isTextList),
    skills: parseJsonColumn(row.skills, "users.skills", isNumberRecord),
    vendor: row.vendor,
    region: row.region,
    timeZone: row.time_zone,
    languageLevels: parseJsonColumn(row.language_levels, "users.language_levels", isLevelRecord),
    tier: readTier(row.tier, "users.tier"),
    status: row.status as User["status"],
    passwordChangeRequired: Number(row.password_change_required) === 1,
    createdAt: row.created_at,
  };
}

export async function insertUser(db: Kysely<DB>, user: NewUser, now: number): Promise<User> {
  const row = await db
    .insertInto("users")
    .values({
      email: user.email.toLowerCase(),
      name: user.name,
      password_hash: user.passwordHash,
      role: user.role,
      languages: JSON.stringify(user.languages ?? []),
      skills: JSON.stringify(user.skills ?? {}),
      vendor: user.vendor ?? null,
      language_levels: JSON.stringify(user.languageLevels ?? {}),
      region: user.region ?? null,
      time_zone: user.timeZone ?? null,
      password_change_required: user.passwordChangeRequired ? 1 : 0,
      status: "active",
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function findUserWithPassword(
  db: Kysely<DB>,
  email: string,
): Promise<{ user: User; passwordHash: string } | undefined> {
  const row = await db.selectFrom("users").selectAll().where("email", "=", email.toLowerCase()).executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

export async function getUser(db: Kysely<DB>, id: number): Promise<User | undefined> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toUser(row);
}

export interface UserFilter {
  role?: Role;
  vendor?: string;
}

export async function listUsers(db: Kysely<DB>, filter: UserFilter = {}): Promise<User[]> {
  let query = db.selectFrom("users").selectAll().orderBy("id");
  if (filter.role) query = query.where("role", "=", filter.role);
  if (filter.vendor) query = query.where("vendor", "=", filter.vendor);
  return (await query.execute()).map(toUser);
}

export interface UserChanges {
  name?: string;
  role?: Role;
  languages?: string[];
  skills?: Record<string, number>;
  vendor?: string | null;
  languageLevels?: Record<string, LanguageLevel>;
  region?: string | null;
  timeZone?: string | null;
  status?: User["status"];
  passwordHash?: string;
  /** Set with a password someone else chose; cleared when the person sets their own. */
  passwordChangeRequired?: boolean;
}

export async function updateUser(db: Kysely<DB>, id: number, changes: UserChanges): Promise<User | undefined> {
  const values: Updateable<UsersTable> = {};
  if (changes.name !== undefined) values.name = changes.name;
  if (changes.role !== undefined) values.role = changes.role;
  if (changes.languages !== undefined) values.languages = JSON.stringify(changes.languages);
  if (changes.skills !== undefined) values.skills = JSON.stringify(changes.skills);
  if (changes.vendor !== undefined) values.vendor = changes.vendor;
  if (changes.languageLevels !== undefined) values.language_levels = JSON.stringify(changes.languageLevels);
  if (changes.region !== undefined) values.region = changes.region;
  if (changes.timeZone !== undefined) values.time_zone = changes.timeZone;
  if (changes.status !== undefined) values.status = changes.status;
  if (changes.passwordHash !== undefined) values.password_hash = changes.passwordHash;
  if (changes.passwordChangeRequired !== undefined)
    values.password_change_required = changes.passwordChangeRequired ? 1 : 0;
  if (Object.keys(values).length > 0)
    await db.updateTable("users").set(values).where("id", "=", id).where("status", "!=", "erased").execute();
  forgetUserCredentials(id);
  const user = await getUser(db, id);
  // An erased person's tombstone is never brought back to life (no new password, no new status).
  if (user?.status === "erased" && Object.keys(values).length > 0)
    throw new DomainError("conflict", "This user was erased; the account cannot be changed");
  return user;
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * How many people hold each role, every role listed (0 when none), leaving out the deactivated and
 * erased; within a vendor (its people, and `self`) when `vendor` is given. One `group by` over the
 * index `users_role_status`, never the users themselves.
 */
export async function countUsersByRole(
  db: Kysely<DB>,
  scope: { vendor: string | null; self: number } | undefined,
): Promise<Record<Role, number>> {
  let query = db
    .selectFrom("users")
    .select((eb) => ["role", eb.fn.countAll<number | string>().as("people")])
    .where("status", "not in", ["deactivated", "erased"])
    .groupBy("role");
  if (scope)
    query = query.where((eb) =>
      scope.vendor === null
        ? eb("id", "=", scope.self)
        : eb.or([eb("vendor", "=", scope.vendor), eb("id", "=", scope.self)]),
    );
  const counts = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Role, number>;
  for (const row of await query.execute()) if (row.role in counts) counts[row.role as Role] = Number(row.people);
  return counts;
}
