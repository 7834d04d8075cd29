import { notFound, type User } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { Database } from "../database.js";
import { forgetUserCredentials } from "../repositories/credential-cache.js";
import { toUser } from "../repositories/users.js";
import type { DB } from "../schema.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { releaseWorkOf } from "./release-work-of.js";

/** What an erased person's row keeps: an id for their judgments, nothing that names them. */
export function erasedEmail(id: number): string {
  return `erased-${id}@invalid`;
}

export function erasedName(id: number): string {
  return `Erased user ${id}`;
}

/** Never a valid scrypt hash, so no password can match it. */
const ERASED_PASSWORD_HASH = "erased";

/** Replaces the text of the questions the person wrote: free text in their own words. */
export const ERASED_TEXT = "[erased]";

/**
 * Free-text columns written about people (answers, review notes, reasons for quality actions,
 * audit details, other people's questions): occurrences of the person's email or name are
 * replaced there. Task data, project texts, guidelines and batch names are the customer's content
 * and are not rewritten.
 */
const FREE_TEXT: readonly FreeTextColumn[] = [
  { table: "questions", column: "text", key: ["project_id", "id"] },
  { table: "questions", column: "answer", key: ["project_id", "id"] },
  { table: "support_messages", column: "body", key: ["project_id", "id"] },
  { table: "appeals", column: "reason", key: ["project_id", "id"] },
  { table: "appeals", column: "decision_note", key: ["project_id", "id"] },
  { table: "review_items", column: "note", key: ["project_id", "id"] },
  { table: "quality_actions", column: "reason", key: ["project_id", "id"] },
  { table: "annotator_quality", column: "status_reason", key: ["project_id", "annotator_id"] },
  { table: "audit_log", column: "details", key: ["id"], json: true },
  { table: "coaching_notes", column: "body", key: ["id"] },
  { table: "tier_changes", column: "reason", key: ["id"] },
];

interface FreeTextColumn {
  table: keyof DB;
  column: string;
  /** The table's primary key, to write back the row that was read. */
  key: readonly string[];
  /** The column holds JSON: strings inside it are replaced, so it stays valid JSON. */
  json?: boolean;
}

/** A name shorter than this identifies no one by itself; matching it would rewrite unrelated words. */
const MIN_NAME_LENGTH = 3;

export interface ErasureResult {
  user: User;
  /** False when the person had already been erased (erasing is idempotent). */
  erased: boolean;
  /** Sessions and API tokens ended. */
  signedOut: number;
  /** Questions whose text the person wrote, replaced by `[erased]`. */
  questionsErased: number;
  /** Other free-text values in which their email or name was replaced. */
  textsScrubbed: number;
}

/**
 * Erases a person's personal data on request (GDPR art. 17) and keeps their work anonymised: the
 * user row stays as a tombstone (`erased-<id>@invalid`, status `erased`, no password, no
 * languages or skills) so judgments, aggregates, quality records and activity keep their author
 * id, which nothing in Quorum links to the person any more. Sessions, API tokens and single
 * sign-on links are deleted, and their review claims and task leases given back; the text of
 * questions they wrote is replaced; their email and name are replaced wherever people write about
 * people (see `FREE_TEXT`). The vendor (an organisation) is kept for vendor figures.
 * Backups made before the erasure still hold the data until they are rotated out.
 */
export async function eraseUser(
  database: Database,
  options: { userId: number; actorId: number; now: number },
): Promise<ErasureResult> {
  return inTransaction(database, async (trx) => {
    const row = await trx.selectFrom("users").selectAll().where("id", "=", options.userId).executeTakeFirst();
    if (!row) throw notFound("User");
    if (row.status === "erased")
      return { user: toUser(row), erased: false, signedOut: 0, questionsErased: 0, textsScrubbed: 0 };

    const id = row.id;
    const replacements = personalStrings(row.email, row.name, id);
    const sessions = await trx.deleteFrom("sessions").where("user_id", "=", id).executeTakeFirst();
    const tokens = await trx.deleteFrom("api_tokens").where("user_id", "=", id).executeTakeFirst();
    forgetUserCredentials(id);
    // The provider's subject identifies the person there; a later SSO sign-in makes a new account.
    await trx.deleteFrom("sso_identities").where("user_id", "=", id).execute();
    // When they were signed in, and what managers wrote about them, is about the person alone.
    await trx.deleteFrom("presence_buckets").where("user_id", "=", id).execute();
    await trx.deleteFrom("coaching_notes").where("user_id", "=", id).execute();
    // Wellbeing check-ins and choices are personal; exposure counts stay (they carry no content).
    await trx.deleteFrom("wellbeing_checkins").where("user_id", "=", id).execute();
    await trx.deleteFrom("wellbeing_people").where("user_id", "=", id).execute();
    await releaseWorkOf(trx, id, options.now);
    // Sign-in counters are keyed by the (lower-cased) email: `account:<email>`, `pair:<email> <address>`.
    const account = row.email.toLowerCase();
    await trx
      .deleteFrom("login_throttle")
      .where((eb) => eb.or([eb("key", "=", `account:${account}`), eb("key", "like", `pair:${account} %`)]))
      .execute();
    const questions = await trx
      .updateTable("questions")
      .set({ text: ERASED_TEXT })
      .where("annotator_id", "=", id)
      .executeTakeFirst();
    // Their replies in support threads and the grounds of their appeals are their own words too.
    await trx.updateTable("support_messages").set({ body: ERASED_TEXT }).where("author_id", "=", id).execute();
    await trx.updateTable("appeals").set({ reason: ERASED_TEXT }).where("annotator_id", "=", id).execute();
    let textsScrubbed = 0;
    for (const target of FREE_TEXT) textsScrubbed += await scrubColumn(trx, target, replacements);
    const erased = await trx
      .updateTable("users")
      .set({
        email: erasedEmail(id),
        name: erasedName(id),
        password_hash: ERASED_PASSWORD_HASH,
        languages: "[]",
        language_levels: "{}",
        skills: "{}",
        time_zone: null,
        status: "erased",
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      projectId: null,
      actorId: options.actorId,
      action: "user.erase",
      details: { userId: id },
      now: options.now,
    });
    return {
      user: toUser(erased),
      erased: true,
      signedOut: Number(sessions.numDeletedRows) + Number(tokens.numDeletedRows),
      questionsErased: Number(questions.numUpdatedRows),
      textsScrubbed,
    };
  });
}

interface Replacement {
  pattern: RegExp;
  replacement: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The email anywhere; the name as a whole word (case-insensitive), when long enough to identify. */
function personalStrings(email: string, name: string, id: number): Replacement[] {
  const list: Replacement[] = [{ pattern: new RegExp(escapeRegExp(email), "giu"), replacement: erasedEmail(id) }];
  const trimmed = name.trim();
  if (trimmed.length >= MIN_NAME_LENGTH)
    list.push({
      pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(trimmed)}(?![\\p{L}\\p{N}])`, "giu"),
      replacement: erasedName(id),
    });
  return list;
}

function replaceAll(text: string, replacements: Replacement[]): string {
  return replacements.reduce((out, r) => out.replace(r.pattern, r.replacement), text);
}

/** Every string inside a JSON value, replaced (keys included), so the result stays valid JSON. */
function replaceInJson(value: unknown, replacements: Replacement[]): unknown {
  if (typeof value === "string") return replaceAll(value, replacements);
  if (Array.isArray(value)) return value.map((v) => replaceInJson(v, replacements));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [replaceAll(k, replacements), replaceInJson(v, replacements)]),
    );
  return value;
}

const PAGE = 1000;

/**
 * Rewrites the values of one column that mention the person. Every non-null value is read (in
 * key order, a page at a time) and matched here rather than with SQL `like`, which ignores case
 * only for ASCII on SQLite and cannot match whole words. Erasure is rare; the scan is acceptable.
 * Table and column names come from `FREE_TEXT`, so this is plain SQL rather than typed Kysely.
 */
async function scrubColumn(trx: Kysely<DB>, target: FreeTextColumn, replacements: Replacement[]): Promise<number> {
  const column = sql.ref(target.column);
  const keys = sql.join(target.key.map((k) => sql.ref(k)));
  let after: unknown[] | undefined;
  let changed = 0;
  for (;;) {
    const from = after ? sql`and (${keys}) > (${sql.join(after)})` : sql``;
    const page = await sql<Record<string, unknown>>`
      select ${keys}, ${column} as scrubbed_value from ${sql.table(target.table)}
      where ${column} is not null ${from} order by ${keys} limit ${PAGE}`.execute(trx);
    for (const row of page.rows) {
      const value = String(row.scrubbed_value);
      const next = target.json ? replaceInJsonText(value, replacements) : replaceAll(value, replacements);
      if (next === value) continue;
      const where = target.key.map((k) => sql`${sql.ref(k)} = ${row[k]}`);
      await sql`update ${sql.table(target.table)} set ${column} = ${next} where ${sql.join(where, sql` and `)}`.execute(
        trx,
      );
      changed++;
    }
    if (page.rows.length < PAGE) return changed;
    const last = page.rows[page.rows.length - 1]!;
    after = target.key.map((k) => last[k]);
  }
}

function replaceInJsonText(value: string, replacements: Replacement[]): string {
  try {
    return JSON.stringify(replaceInJson(JSON.parse(value), replacements));
  } catch {
    return replaceAll(value, replacements);
  }
}
