import {
  type CostEvent,
  type Judgment,
  type Project,
  priceJudgment,
  type RateCard,
  resolveRateCard,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { Database } from "../database.js";
import { appendLedgerRows, ledgerRow, type NewLedgerRow } from "../repositories/cost-ledger.js";
import { cachedRateCardsOfProject } from "../repositories/rate-cards.js";
import type { DB } from "../schema.js";

/** The ledger's source key of a judgment's pay row; its fees row adds ":fees". */
export function judgmentSourceKey(projectId: number, judgmentId: number): string {
  return `judgment:${projectId}:${judgmentId}`;
}

/** Whether any card of the project (or of every project) could be in force at `at`. */
function anyCardInForce(cards: readonly RateCard[], at: number): boolean {
  return cards.some((c) => c.effectiveFrom <= at && (c.effectiveTo === null || at < c.effectiveTo));
}

/**
 * Pays a judgment just stored, in its transaction: the pay row (base, overlap, gold or rework, as
 * core classifies it) and one fees row (platform fee + vendor markup), priced by the most specific
 * rate card in force (core's `resolveRateCard`, `priceJudgment`). Idempotent on the judgment
 * (unique source key). Without a card in force nothing is written: the judgment stays unpriced,
 * which the cost summary counts from the hourly activity. A gold answer marks the judgment
 * accepted or rejected (reason "gold"); a rejected one is priced as rejected work, so a card that
 * does not pay rejected work does not pay a failed gold answer either.
 *
 * Cheap on the hot path: the project's cards come from a per-process cache, and when none is in
 * force the only work is the gold verdict. Call it after the task's counters are locked, so the
 * judgment's ordinal (standing judgments of the task, itself included) is not raced.
 */
export async function recordJudgmentCost(
  trx: Kysely<DB>,
  database: Database,
  options: { project: Project; judgment: Judgment; isGold: boolean; language: string },
): Promise<void> {
  const { project, judgment, isGold } = options;
  const rejected = isGold && judgment.goldCorrect === false;
  if (isGold && judgment.goldCorrect !== null)
    await trx
      .updateTable("judgments")
      .set({ verdict: rejected ? "rejected" : "accepted", verdict_reason: "gold", verdict_at: judgment.createdAt })
      .where("project_id", "=", project.id)
      .where("id", "=", judgment.id)
      .execute();

  const cards = await cachedRateCardsOfProject(trx, database, project.id);
  if (!anyCardInForce(cards, judgment.createdAt)) return;

  const facts = await sql<{ vendor: string | null; business_unit_id: number | null; standing: number }>`select
      (select vendor from users where id = ${judgment.annotatorId}) as vendor,
      (select business_unit_id from projects where id = ${project.id}) as business_unit_id,
      (select count(*) from judgments where project_id = ${project.id} and task_id = ${judgment.taskId}
        and (verdict is null or verdict <> 'rejected')) as standing`
    .execute(trx)
    .then((r) => r.rows[0]!);
  const language = options.language === "" ? null : options.language;
  const card = resolveRateCard(cards, {
    at: judgment.createdAt,
    projectId: project.id,
    taskType: project.schema.type,
    language,
    vendor: facts.vendor,
  });
  if (!card) return;

  const price = priceJudgment(card, { activeMs: judgment.activeMs, rejected });
  const event: CostEvent = {
    kind: "judgment",
    amountMinor: price.base,
    currency: card.currency,
    projectId: project.id,
    businessUnitId: facts.business_unit_id,
    vendor: facts.vendor,
    annotatorId: judgment.annotatorId,
    language,
    taskType: project.schema.type,
    taskId: judgment.taskId,
    isGold,
    // A rejected (failed gold) judgment does not stand; it keeps the place it would have taken.
    judgmentOrdinal: Math.max(1, Number(facts.standing) + (rejected ? 1 : 0)),
    rejected,
    at: judgment.createdAt,
  };
  const sourceKey = judgmentSourceKey(project.id, judgment.id);
  const source = { judgmentId: judgment.id, rateCardId: card.id };
  const rows: NewLedgerRow[] = [ledgerRow(event, { ...source, sourceKey, activeMs: judgment.activeMs })];
  if (price.fee + price.markup !== 0)
    rows.push(
      ledgerRow(
        { ...event, kind: "fee", amountMinor: price.fee + price.markup },
        { ...source, sourceKey: `${sourceKey}:fees` },
      ),
    );
  await appendLedgerRows(trx, rows);
}
