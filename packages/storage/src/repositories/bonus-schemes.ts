import { type BonusRule, notFound } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import type { BonusSchemesTable } from "../schema-experiments.js";
import { oneOf, parseJson } from "./json-column.js";

export interface BonusScheme {
  id: number;
  projectId: number;
  name: string;
  rule: BonusRule;
  currency: string;
  budgetMinor: number;
  spentMinor: number;
  status: "open" | "closed";
  settledTo: number;
  createdAt: number;
  closedAt: number | null;
}

const toStatus = oneOf(["open", "closed"] as const, "bonus_schemes.status");

function toScheme(row: Selectable<BonusSchemesTable>): BonusScheme {
  return {
    id: Number(row.id),
    projectId: Number(row.project_id),
    name: row.name,
    rule: parseJson<BonusRule>(row.rule),
    currency: row.currency,
    budgetMinor: Number(row.budget_minor),
    spentMinor: Number(row.spent_minor),
    status: toStatus(row.status),
    settledTo: Number(row.settled_to),
    createdAt: Number(row.created_at),
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
  };
}

export async function insertBonusScheme(
  db: Kysely<DB>,
  scheme: Pick<BonusScheme, "projectId" | "name" | "rule" | "currency" | "budgetMinor">,
  actor: { id: number; now: number },
): Promise<BonusScheme> {
  const row = await db
    .insertInto("bonus_schemes")
    .values({
      project_id: scheme.projectId,
      name: scheme.name,
      rule: JSON.stringify(scheme.rule),
      currency: scheme.currency,
      budget_minor: scheme.budgetMinor,
      settled_to: actor.now,
      created_by: actor.id,
      created_at: actor.now,
      closed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toScheme(row);
}

export async function getBonusScheme(db: Kysely<DB>, id: number): Promise<BonusScheme> {
  const row = await db.selectFrom("bonus_schemes").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Bonus scheme");
  return toScheme(row);
}

export async function listBonusSchemes(db: Kysely<DB>, projectId?: number): Promise<BonusScheme[]> {
  let query = db.selectFrom("bonus_schemes").selectAll().orderBy("created_at", "desc").orderBy("id", "desc");
  if (projectId !== undefined) query = query.where("project_id", "=", projectId);
  return (await query.limit(500).execute()).map(toScheme);
}

export async function updateBonusScheme(
  db: Kysely<DB>,
  id: number,
  change: { spentMinor?: number; settledTo?: number; closedAt?: number },
): Promise<void> {
  await db
    .updateTable("bonus_schemes")
    .set({
      ...(change.spentMinor === undefined ? {} : { spent_minor: change.spentMinor }),
      ...(change.settledTo === undefined ? {} : { settled_to: change.settledTo }),
      ...(change.closedAt === undefined ? {} : { closed_at: change.closedAt, status: "closed" }),
    })
    .where("id", "=", id)
    .execute();
}
