import { notFound, type RateCard, rateCard } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../database.js";
import type { DB } from "../schema.js";
import type { RateCardsTable } from "../schema-cost.js";
import { processCache } from "./process-cache.js";

/** A stored rate card: core's card plus its name and bookkeeping. */
export interface StoredRateCard extends RateCard {
  name: string;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
}

export type RateCardInput = Omit<RateCard, "id"> & { name?: string };

function toRateCard(row: Selectable<RateCardsTable>): StoredRateCard {
  return {
    ...rateCard({
      id: row.id,
      currency: row.currency,
      effectiveFrom: row.effective_from,
      effectiveTo: row.effective_to,
      projectId: row.project_id,
      taskType: row.task_type,
      language: row.language,
      vendor: row.vendor,
      payPerJudgmentMinor: row.pay_per_judgment_minor,
      payPerActiveHourMinor: row.pay_per_active_hour_minor,
      reviewPayPerReviewMinor: row.review_pay_per_review_minor,
      reviewPayPerHourMinor: row.review_pay_per_hour_minor,
      trainingPayPerHourMinor: row.training_pay_per_hour_minor,
      platformFeeBps: row.platform_fee_bps,
      vendorMarkupBps: row.vendor_markup_bps,
      payRejected: row.pay_rejected === 1,
    }),
    name: row.name,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(card: RateCardInput) {
  return {
    name: card.name ?? "",
    currency: card.currency,
    effective_from: card.effectiveFrom,
    effective_to: card.effectiveTo,
    project_id: card.projectId,
    task_type: card.taskType,
    language: card.language,
    vendor: card.vendor,
    pay_per_judgment_minor: card.payPerJudgmentMinor,
    pay_per_active_hour_minor: card.payPerActiveHourMinor,
    review_pay_per_review_minor: card.reviewPayPerReviewMinor,
    review_pay_per_hour_minor: card.reviewPayPerHourMinor,
    training_pay_per_hour_minor: card.trainingPayPerHourMinor,
    platform_fee_bps: card.platformFeeBps,
    vendor_markup_bps: card.vendorMarkupBps,
    pay_rejected: card.payRejected ? 1 : 0,
  };
}

/**
 * Every card that may price work of `projectId` (its own and the project-less ones), in force
 * or not: few rows, found by the `rate_cards_project` index; core's `resolveRateCard` picks.
 */
export async function rateCardsOfProject(db: Kysely<DB>, projectId: number): Promise<RateCard[]> {
  const rows = await db
    .selectFrom("rate_cards")
    .selectAll()
    .where((eb) => eb.or([eb("project_id", "=", projectId), eb("project_id", "is", null)]))
    .execute();
  return rows.map(toRateCard);
}

// Cards change rarely and every judgment needs them: each process keeps a project's cards for
// CACHE_MS. A change made through this process is seen at once (forgetRateCards); one made by
// another process (`--workers`) within CACHE_MS, so work done meanwhile is priced by the card
// that was in force a moment earlier.
const CACHE_MS = 2_000;
const cardCache = processCache<number, RateCard[]>(CACHE_MS);

/** `rateCardsOfProject`, cached per database and project for a couple of seconds. */
export function cachedRateCardsOfProject(db: Kysely<DB>, database: Database, projectId: number): Promise<RateCard[]> {
  return cardCache.get(database, projectId, () => rateCardsOfProject(db, projectId));
}

/** The project's cached cards when fresh, without waiting (the judgment's hot path); else undefined. */
export function freshRateCardsOfProject(database: Database, projectId: number): RateCard[] | undefined {
  return cardCache.peek(database, projectId)?.value;
}

/** Drops the cached cards of `database` (after a card changed). */
export function forgetRateCards(database: Database): void {
  cardCache.forget(database);
}

export async function listRateCards(
  db: Kysely<DB>,
  filter: { projectId?: number; at?: number } = {},
): Promise<StoredRateCard[]> {
  let query = db.selectFrom("rate_cards").selectAll().orderBy("effective_from", "desc").orderBy("id", "desc");
  if (filter.projectId !== undefined) query = query.where("project_id", "=", filter.projectId);
  if (filter.at !== undefined) {
    const at = filter.at;
    query = query
      .where("effective_from", "<=", at)
      .where((eb) => eb.or([eb("effective_to", "is", null), eb("effective_to", ">", at)]));
  }
  return (await query.execute()).map(toRateCard);
}

export async function getRateCard(db: Kysely<DB>, id: number): Promise<StoredRateCard> {
  const row = await db.selectFrom("rate_cards").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Rate card");
  return toRateCard(row);
}

/** Stores a card after core's validation (`rateCard` throws `invalid_input` naming the field). */
export async function insertRateCard(
  database: Database,
  card: RateCardInput,
  actor: { id: number; now: number },
): Promise<StoredRateCard> {
  rateCard({ ...card, id: 0 });
  const { id } = await database.db
    .insertInto("rate_cards")
    .values({ ...toRow(card), created_by: actor.id, created_at: actor.now, updated_at: actor.now })
    .returning("id")
    .executeTakeFirstOrThrow();
  forgetRateCards(database);
  return getRateCard(database.db, id);
}

/**
 * Changes a card. The ledger keeps the amounts it priced, so a change reprices only work done
 * after it; to change a rate from a date, end this card there and add a new one instead.
 */
export async function updateRateCard(
  database: Database,
  id: number,
  changes: Partial<RateCardInput>,
  actor: { now: number },
): Promise<StoredRateCard> {
  const current = await getRateCard(database.db, id);
  const next = { ...current, ...changes };
  rateCard(next);
  await database.db
    .updateTable("rate_cards")
    .set({ ...toRow(next), updated_at: actor.now })
    .where("id", "=", id)
    .execute();
  forgetRateCards(database);
  return getRateCard(database.db, id);
}

export async function deleteRateCard(database: Database, id: number): Promise<void> {
  const result = await database.db.deleteFrom("rate_cards").where("id", "=", id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notFound("Rate card");
  forgetRateCards(database);
}
