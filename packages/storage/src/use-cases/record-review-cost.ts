import {
  type CostEvent,
  type JudgmentVerdict,
  judgmentVerdicts,
  type LabelValue,
  type Project,
  priceReview,
  type ReviewVerdict,
} from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import {
  appendLedgerRows,
  type LedgerRow,
  ledgerEvent,
  ledgerRow,
  ledgerRowsBySource,
  type NewLedgerRow,
  reversalOf,
} from "../repositories/cost-ledger.js";
import { parseJson } from "../repositories/json-column.js";
import { cachedRateCardsOfProject } from "../repositories/rate-cards.js";
import type { DB } from "../schema.js";
import { priceScope } from "./cost-facts.js";
import { judgmentSourceKey } from "./record-judgment-cost.js";

/**
 * The cost side of a review verdict, in its transaction: marks the task's judgments accepted or
 * rejected (core's `judgmentVerdicts`), moves each newly rejected judgment's pay into rework by
 * correction rows, and pays the reviewer (kind `review`, priced by `priceReview` for `activeMs`).
 *
 * A rejection writes, per priced judgment: the reversal of its pay row (amount, active time and
 * accepted label taken back from base, overlap or gold) and a rework row (the same pay, or 0 when
 * the card in force does not pay rejected work, whose fees row is then reversed too). When a
 * correction rejects the judgment that counted the task as an accepted label, a zero-amount row
 * counts the label again: the task is accepted, with the reviewer's answer.
 */
export async function recordReviewCost(
  trx: Kysely<DB>,
  database: Database,
  options: {
    project: Project;
    itemId: number;
    taskId: number;
    taskLanguage: string;
    verdict: ReviewVerdict;
    aggregate: LabelValue | null;
    corrected: LabelValue | null;
    reviewerId: number;
    activeMs: number;
    now: number;
  },
): Promise<void> {
  const { project, now, reviewerId } = options;
  // An aggregate verdict is the system's guess: the review's word overrides it (a judgment the
  // aggregate rejected is still standing, so a review's rejection moves its pay to rework).
  const rows = (
    await trx
      .selectFrom("judgments")
      .select(["id", "value", "verdict", "verdict_reason"])
      .where("project_id", "=", project.id)
      .where("task_id", "=", options.taskId)
      .execute()
  ).map((r) => ({ ...r, verdict: r.verdict_reason === "aggregate" ? null : r.verdict }));
  const marks = judgmentVerdicts({
    verdict: options.verdict,
    aggregate: options.aggregate,
    corrected: options.corrected,
    judgments: rows.map((r) => ({
      id: r.id,
      value: parseJson<LabelValue>(r.value),
      verdict: r.verdict as JudgmentVerdict | null,
    })),
  });
  const newlyRejected: number[] = [];
  for (const [id, verdict] of marks) {
    if (rows.find((r) => r.id === id)?.verdict === verdict) continue;
    if (verdict === "rejected") newlyRejected.push(id);
    await trx
      .updateTable("judgments")
      .set({ verdict, verdict_by: reviewerId, verdict_reason: "review", verdict_at: now })
      .where("project_id", "=", project.id)
      .where("id", "=", id)
      .execute();
  }

  const ledger: NewLedgerRow[] = [];
  if (newlyRejected.length > 0) {
    const keys = newlyRejected.flatMap((id) => {
      const key = judgmentSourceKey(project.id, id);
      return [key, `${key}:fees`];
    });
    const priced = await ledgerRowsBySource(trx, keys);
    const cards = await cachedRateCardsOfProject(trx, database, project.id);
    for (const pay of priced.filter((r) => r.kind === "judgment")) {
      const fees = priced.find((r) => r.source_key === `${pay.source_key}:fees`);
      // A card deleted since keeps its word: rejected work is paid by default.
      const paid = cards.find((c) => c.id === pay.rate_card_id)?.payRejected ?? true;
      ledger.push(...rejectionRows(pay, fees, { paid, now, reviewerId, relabel: options.verdict === "correct" }));
    }
  }

  const scope = await priceScope(trx, database, await cachedRateCardsOfProject(trx, database, project.id), {
    project,
    workerId: reviewerId,
    language: options.taskLanguage,
    at: now,
  });
  if (scope) {
    const price = priceReview(scope.card, { activeMs: options.activeMs });
    const event: CostEvent = {
      kind: "review",
      amountMinor: price.base,
      currency: scope.card.currency,
      projectId: project.id,
      businessUnitId: scope.businessUnitId,
      vendor: scope.vendor,
      annotatorId: reviewerId,
      language: scope.language,
      taskType: scope.taskType,
      taskId: options.taskId,
      isGold: false,
      judgmentOrdinal: null,
      rejected: false,
      at: now,
    };
    const sourceKey = `review:${project.id}:${options.itemId}@${now}`;
    ledger.push(ledgerRow(event, { sourceKey, activeMs: options.activeMs, rateCardId: scope.card.id }));
    if (price.fee + price.markup !== 0)
      ledger.push(
        ledgerRow(
          { ...event, kind: "fee", amountMinor: price.fee + price.markup },
          { sourceKey: `${sourceKey}:fees`, rateCardId: scope.card.id },
        ),
      );
  }
  await appendLedgerRows(trx, ledger);
}

function rejectionRows(
  pay: LedgerRow,
  fees: LedgerRow | undefined,
  options: { paid: boolean; now: number; reviewerId: number; relabel: boolean },
): NewLedgerRow[] {
  const { now, reviewerId } = options;
  const rows = [reversalOf(pay, `${pay.source_key}:rejected@${now}`, now, reviewerId)];
  const rework: CostEvent = {
    ...ledgerEvent(pay),
    rejected: true,
    amountMinor: options.paid ? pay.amount_minor : 0,
    at: now,
  };
  rows.push(
    ledgerRow(rework, {
      sourceKey: `${pay.source_key}:rework@${now}`,
      activeMs: pay.active_ms,
      judgmentId: pay.judgment_id,
      rateCardId: pay.rate_card_id,
      createdBy: reviewerId,
    }),
  );
  if (fees && !options.paid) rows.push(reversalOf(fees, `${fees.source_key}:rejected@${now}`, now, reviewerId));
  if (options.relabel && pay.accepted_labels > 0)
    rows.push({
      ...ledgerRow(
        { ...ledgerEvent(pay), annotatorId: null, vendor: null, amountMinor: 0, judgmentOrdinal: 1, at: now },
        {
          sourceKey: `${pay.source_key}:relabel@${now}`,
          createdBy: reviewerId,
          note: "accepted with the reviewer's answer",
        },
      ),
      judgments: 0,
    });
  return rows;
}

/**
 * Takes back what `recordReviewCost` did to the task's judgments when its verdict is undone: the
 * marks it set are cleared and its correction rows reversed by new rows (the ledger is never
 * edited). The reviewer's pay stands: the review was done.
 */
export async function undoReviewCost(
  trx: Kysely<DB>,
  options: { projectId: number; taskId: number; reviewerId: number; decidedAt: number; now: number },
): Promise<void> {
  const { projectId, taskId, decidedAt, now } = options;
  await trx
    .updateTable("judgments")
    .set({ verdict: null, verdict_by: null, verdict_reason: null, verdict_at: null })
    .where("project_id", "=", projectId)
    .where("task_id", "=", taskId)
    .where("verdict_reason", "=", "review")
    .where("verdict_by", "=", options.reviewerId)
    .where("verdict_at", "=", decidedAt)
    .execute();
  const corrections = await trx
    .selectFrom("cost_ledger")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("at", "=", decidedAt)
    .where("task_id", "=", taskId)
    .where("source_key", "like", "judgment:%")
    .execute();
  // The verdict's own rows only (not a later appeal's or undo's that happen to share the time).
  const correction = new RegExp(`:(rejected|rework|relabel)@${decidedAt}$`);
  // An upheld appeal may have reversed some of them already (`<key>:appeal@…`): those stay as they are.
  const appealed = await trx
    .selectFrom("cost_ledger")
    .select("source_key")
    .where("project_id", "=", projectId)
    .where("at", ">=", decidedAt)
    .where("task_id", "=", taskId)
    .where("source_key", "like", "judgment:%:appeal@%")
    .execute();
  await appendLedgerRows(
    trx,
    corrections
      .filter((row) => correction.test(row.source_key))
      .filter((row) => !appealed.some((a) => a.source_key.startsWith(`${row.source_key}:`)))
      .map((row) => reversalOf(row, `${row.source_key}:undone@${now}`, now, options.reviewerId)),
  );
}
