import type { Project, RateCard } from "@quorum/core";
import { resolveRateCard } from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

/** The dimensions a ledger row copies as they are now, and the card that prices the work. */
export interface PricedScope {
  card: RateCard;
  vendor: string | null;
  businessUnitId: number | null;
  language: string | null;
  taskType: string;
}

/**
 * The rate card of `cards` (the project's, see `rateCardsOfProject`) in force at `at` for work by
 * `workerId` on `project` (in `language`, "" for none),
 * with the worker's vendor and the project's business unit as they are now; undefined when no
 * card applies (the work stays unpriced). One small query, only when some card is in force.
 */
export async function priceScope(
  trx: Kysely<DB>,
  cards: readonly RateCard[],
  options: { project: Project; workerId: number; language: string | null; at: number },
): Promise<PricedScope | undefined> {
  const { project, at } = options;
  if (!cards.some((c) => c.effectiveFrom <= at && (c.effectiveTo === null || at < c.effectiveTo))) return undefined;
  const facts = await sql<{ vendor: string | null; business_unit_id: number | null }>`select
      (select vendor from users where id = ${options.workerId}) as vendor,
      (select business_unit_id from projects where id = ${project.id}) as business_unit_id`
    .execute(trx)
    .then((r) => r.rows[0]!);
  const language = options.language === "" ? null : options.language;
  const taskType = project.schema.type;
  const card = resolveRateCard(cards, { at, projectId: project.id, taskType, language, vendor: facts.vendor });
  return card && { card, vendor: facts.vendor, businessUnitId: facts.business_unit_id, language, taskType };
}
