import type { Project, RateCard } from "@quorum/core";
import { resolveRateCard } from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import { processCache } from "../repositories/process-cache.js";
import type { DB } from "../schema.js";

/** The dimensions a ledger row copies as they are now, and the card that prices the work. */
export interface PricedScope {
  card: RateCard;
  vendor: string | null;
  businessUnitId: number | null;
  language: string | null;
  taskType: string;
}

// A person's vendor and a project's business unit, read on every priced judgment. The unit is
// keyed by the project's updatedAt, so a move is seen by the next judgment; a vendor change made
// in the last CACHE_MS may price a judgment or two under the previous vendor.
const CACHE_MS = 2_000;
const vendors = processCache<number, string | null>(CACHE_MS);
const units = processCache<string, number | null>(60_000);

async function vendorOf(db: Kysely<DB>, userId: number): Promise<string | null> {
  const row = await db.selectFrom("users").select("vendor").where("id", "=", userId).executeTakeFirst();
  return row?.vendor ?? null;
}

async function businessUnitOf(db: Kysely<DB>, projectId: number): Promise<number | null> {
  const row = await db.selectFrom("projects").select("business_unit_id").where("id", "=", projectId).executeTakeFirst();
  return row?.business_unit_id ?? null;
}

/** Whether any of `cards` is in force at `at` (before reading anything else). */
export function anyCardInForce(cards: readonly RateCard[], at: number): boolean {
  return cards.some((c) => c.effectiveFrom <= at && (c.effectiveTo === null || at < c.effectiveTo));
}

/**
 * The rate card of `cards` (the project's, see `rateCardsOfProject`) in force at `at` for work by
 * `workerId` on `project` (in `language`, "" for none), with the worker's vendor and the project's
 * business unit; undefined when no card applies (the work stays unpriced). With `database`, the
 * vendor and the unit come from this process's cache.
 */
export async function priceScope(
  trx: Kysely<DB>,
  database: Database | undefined,
  cards: readonly RateCard[],
  options: { project: Project; workerId: number; language: string | null; at: number },
): Promise<PricedScope | undefined> {
  const { project, at } = options;
  if (!anyCardInForce(cards, at)) return undefined;
  const unitKey = `${project.id}@${project.updatedAt}`;
  // Synchronous on a cache hit: no await on the judgment's hot path.
  const vendorHit = database ? vendors.peek(database, options.workerId) : undefined;
  const vendor = vendorHit
    ? vendorHit.value
    : database
      ? await vendors.get(database, options.workerId, () => vendorOf(trx, options.workerId))
      : await vendorOf(trx, options.workerId);
  const unitHit = database ? units.peek(database, unitKey) : undefined;
  const businessUnitId = unitHit
    ? unitHit.value
    : database
      ? await units.get(database, unitKey, () => businessUnitOf(trx, project.id))
      : await businessUnitOf(trx, project.id);
  const language = options.language === "" ? null : options.language;
  const taskType = project.schema.type;
  const card = resolveRateCard(cards, { at, projectId: project.id, taskType, language, vendor });
  return card && { card, vendor, businessUnitId, language, taskType };
}
