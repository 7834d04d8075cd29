import {
  canAssignRole,
  canonicalLanguageTag,
  type ErrorDetail,
  invalidInput,
  isTimeZone,
  parseCsv,
  ROLES,
  type Role,
  type User,
} from "@quorum/core";
import type { Database } from "../database.js";
import { insertPasswordToken } from "../repositories/password-tokens.js";
import { insertUser, type NewUser } from "../repositories/users.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { PASSWORD_LINK_TTL_MS } from "./password-links.js";
import { NO_PASSWORD } from "./sign-up-for-campaign.js";

export const PEOPLE_CSV_COLUMNS = ["name", "email", "role", "languages", "region", "time_zone", "vendor"] as const;
const REQUIRED = PEOPLE_CSV_COLUMNS.slice(0, 6);
/** A people file is small; past this many rows it is refused rather than held in memory. */
export const MAX_PEOPLE_ROWS = 10_000;
const MAX_ERRORS = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ImportedPerson {
  user: User;
  /** The secret of the person's one-time set-password link. */
  secret: string;
  expiresAt: number;
}

/**
 * Imports people from CSV (`name,email,role,languages,region,time_zone[,vendor]`, a header row
 * first, languages as BCP 47 tags separated by `;` or spaces): all or nothing. Every row is
 * checked while the file streams in; any problem (named `line N: field`) refuses the whole file
 * with nothing written. Then one transaction creates the accounts without a password and a
 * one-time set-password link for each.
 */
export async function importPeople(
  database: Database,
  options: {
    chunks: AsyncIterable<string> | Iterable<string>;
    actor: { id: number; role: Role };
    makeToken: () => { secret: string; hash: string };
    now: number;
  },
): Promise<ImportedPerson[]> {
  const errors: ErrorDetail[] = [];
  const fail = (line: number, field: string, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ path: `line ${line}: ${field}`, message });
  };
  const people: (NewUser & { line: number })[] = [];
  let columns: Map<string, number> | undefined;
  const seen = new Map<string, number>();
  try {
    for await (const record of parseCsv(options.chunks)) {
      if (!columns) {
        columns = new Map(record.fields.map((f, i) => [f.trim().toLowerCase(), i]));
        const missing = REQUIRED.filter((c) => !columns!.has(c));
        if (missing.length > 0)
          throw invalidInput(`The header must name ${PEOPLE_CSV_COLUMNS.join(",")} (vendor optional)`, [
            { path: "line 1", message: `missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}` },
          ]);
        continue;
      }
      if (people.length >= MAX_PEOPLE_ROWS)
        throw invalidInput(`At most ${MAX_PEOPLE_ROWS} people per file`, [
          { path: `line ${record.line}`, message: "too many rows" },
        ]);
      const cell = (name: string) => {
        const i = columns!.get(name);
        return i === undefined ? "" : (record.fields[i] ?? "").trim();
      };
      const line = record.line;
      const name = cell("name");
      if (name === "" || name.length > 200) fail(line, "name", "required, at most 200 characters");
      const email = cell("email").toLowerCase();
      if (!EMAIL.test(email) || email.length > 320) fail(line, "email", `"${cell("email")}" is not an email address`);
      else if (seen.has(email)) fail(line, "email", `${email} is already on line ${seen.get(email)}`);
      else seen.set(email, line);
      const role = cell("role") as Role;
      if (!ROLES.includes(role)) fail(line, "role", `"${role}" is not one of ${ROLES.join(", ")}`);
      else if (!canAssignRole(options.actor.role, role))
        fail(line, "role", `a ${options.actor.role} may not create a ${role}`);
      const languages: string[] = [];
      for (const tag of cell("languages")
        .split(/[;\s]+/)
        .filter(Boolean)) {
        const canonical = canonicalLanguageTag(tag);
        if (canonical) languages.push(canonical);
        else fail(line, "languages", `"${tag}" is not a BCP 47 language tag such as de or pt-BR`);
      }
      const region = cell("region");
      const timeZone = cell("time_zone");
      if (timeZone !== "" && !isTimeZone(timeZone))
        fail(line, "time_zone", `"${timeZone}" is not an IANA time zone such as Europe/Vienna`);
      const vendor = cell("vendor");
      people.push({
        line,
        name,
        email,
        role,
        passwordHash: NO_PASSWORD,
        languages: [...new Set(languages)],
        vendor: vendor || null,
        region: region || null,
        timeZone: timeZone || null,
      });
    }
  } catch (error) {
    if (error instanceof Error && /^line \d+:/.test(error.message) && !("code" in error))
      throw invalidInput("The file is not valid CSV", [{ path: error.message.split(":")[0]!, message: error.message }]);
    throw error;
  }
  if (!columns) throw invalidInput("The file is empty", [{ path: "line 1", message: "a header row is required" }]);
  if (people.length === 0)
    throw invalidInput("The file has no people", [{ path: "line 2", message: "no rows after the header" }]);
  const emails = people.map((p) => p.email);
  for (let i = 0; i < emails.length; i += 500) {
    const taken = await database.db
      .selectFrom("users")
      .select("email")
      .where("email", "in", emails.slice(i, i + 500))
      .execute();
    for (const { email } of taken) fail(seen.get(email)!, "email", `${email} already has an account`);
  }
  if (errors.length > 0) {
    errors.sort((a, b) => Number(a.path.match(/\d+/)![0]) - Number(b.path.match(/\d+/)![0]));
    throw invalidInput(
      `The file has ${errors.length === MAX_ERRORS ? "at least " : ""}${errors.length} problem(s); nothing was imported`,
      errors,
    );
  }
  const expiresAt = options.now + PASSWORD_LINK_TTL_MS;
  return inTransaction(database, async (trx) => {
    const imported: ImportedPerson[] = [];
    for (const { line: _line, ...person } of people) {
      const user = await insertUser(trx, person, options.now);
      const token = options.makeToken();
      await insertPasswordToken(trx, {
        tokenHash: token.hash,
        userId: user.id,
        purpose: "set",
        createdBy: options.actor.id,
        now: options.now,
        expiresAt,
      });
      imported.push({ user, secret: token.secret, expiresAt });
    }
    await writeAudit(trx, {
      actorId: options.actor.id,
      action: "user.import",
      details: { count: imported.length, userIds: imported.map((p) => p.user.id) },
      now: options.now,
    });
    return imported;
  });
}
