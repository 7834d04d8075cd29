import {
  type ArmPay,
  type ControlKind,
  type CostEvent,
  cardWithArmPay,
  goldAnswerPricedAsRejected,
  initialRequired,
  type Judgment,
  type Project,
  priceJudgment,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { Database } from "../database.js";
import { appendLedgerRows, ledgerRow, type NewLedgerRow } from "../repositories/cost-ledger.js";
import { cachedRateCardsOfProject, freshRateCardsOfProject } from "../repositories/rate-cards.js";
import type { DB } from "../schema.js";
import { anyCardInForce, priceScope } from "./cost-facts.js";

/** The ledger's source key of a judgment's pay row; its fees row adds ":fees". */
export function judgmentSourceKey(projectId: number, judgmentId: number): string {
  return `judgment:${projectId}:${judgmentId}`;
}

/**
 * The judgment's ordinal among its task's standing (not rejected) judgments, itself included.
 * Judgments are rejected only on tasks a review reopened (their `required` then exceeds the
 * project's first pass) or done (as many judgments as the first pass): below both, no judgment of
 * the task can be rejected and the ordinal is the count before plus one, without a query.
 */
async function ordinalOf(
  trx: Kysely<DB>,
  project: Project,
  judgment: Judgment,
  counters: { judgmentCount: number; required: number },
): Promise<number> {
  const firstPass = initialRequired(project);
  if (counters.judgmentCount < firstPass && counters.required <= firstPass) return counters.judgmentCount + 1;
  const row = await sql<{ standing: number }>`select count(*) as standing from judgments
    where project_id = ${project.id} and task_id = ${judgment.taskId} and (verdict is null or verdict <> 'rejected')`
    .execute(trx)
    .then((r) => r.rows[0]!);
  return Number(row.standing);
}

/**
 * Pays a judgment just stored, in its transaction: the pay row (base, overlap, gold or rework, as
 * core classifies it) and one fees row (platform fee + vendor markup) when they are not 0, priced
 * by the most specific rate card in force (core's `resolveRateCard`, `priceJudgment`). Idempotent
 * on the judgment (unique source key). Without a card in force nothing is written: the judgment
 * stays unpriced, which the cost summary counts from the hourly activity. A gold answer marks the
 * judgment accepted or rejected (reason "gold"), and its ledger rows record a miss as rejected;
 * its price is core's `goldAnswerPricedAsRejected`: a miss the annotator is told about is priced as
 * rejected work (a card that does not pay rejected work does not pay it), one they are not told
 * about (a hidden control without feedback) as an ordinary judgment, so their pay does not single
 * out the controls.
 *
 * Cheap on the hot path: the project's cards, the annotator's vendor and the project's business
 * unit come from per-process caches; the ordinal needs a query only on reviewed tasks. Call it
 * after the task's counters are locked (`counters` as read then, before this judgment), so the
 * ordinal is not raced.
 */
export async function recordJudgmentCost(
  trx: Kysely<DB>,
  database: Database,
  options: {
    project: Project;
    judgment: Judgment;
    isGold: boolean;
    /** Why the lease served the task (`Assignment.servedAs`): with the gold policy, how a gold answer is priced. */
    servedAs: ControlKind | null;
    counters: { language: string; judgmentCount: number; required: number };
    /**
     * The experiment arm's pay per judgment, in place of the card's when it is in the card's
     * currency (core's `cardWithArmPay`); absent or without a pay: the card's.
     */
    armPay?: ArmPay;
  },
): Promise<void> {
  const { project, judgment, isGold, counters } = options;
  const rejected = isGold && judgment.goldCorrect === false;
  if (isGold && judgment.goldCorrect !== null)
    await trx
      .updateTable("judgments")
      .set({ verdict: rejected ? "rejected" : "accepted", verdict_reason: "gold", verdict_at: judgment.createdAt })
      .where("project_id", "=", project.id)
      .where("id", "=", judgment.id)
      .execute();

  const cards =
    freshRateCardsOfProject(database, project.id) ?? (await cachedRateCardsOfProject(trx, database, project.id));
  if (!anyCardInForce(cards, judgment.createdAt)) return;
  const scope = await priceScope(trx, database, cards, {
    project,
    workerId: judgment.annotatorId,
    language: counters.language,
    at: judgment.createdAt,
  });
  if (!scope) return;

  const card = options.armPay === undefined ? scope.card : cardWithArmPay(scope.card, options.armPay);
  const pricedAsRejected = goldAnswerPricedAsRejected(
    { goldCorrect: isGold ? judgment.goldCorrect : null, servedAs: options.servedAs },
    project.goldPolicy.feedback,
  );
  const price = priceJudgment(card, { activeMs: judgment.activeMs, rejected: pricedAsRejected });
  const event: CostEvent = {
    kind: "judgment",
    amountMinor: price.base,
    currency: card.currency,
    projectId: project.id,
    businessUnitId: scope.businessUnitId,
    vendor: scope.vendor,
    annotatorId: judgment.annotatorId,
    language: scope.language,
    taskType: scope.taskType,
    taskId: judgment.taskId,
    isGold,
    // Gold work is gold overhead whatever its place; a failed answer does not stand.
    judgmentOrdinal: isGold ? counters.judgmentCount + 1 : await ordinalOf(trx, project, judgment, counters),
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
