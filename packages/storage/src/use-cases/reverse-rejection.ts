import {
  countsSince,
  DomainError,
  evaluateAnnotator,
  GOLD_ACCURACY_REASON,
  isGoldAccuracyReason,
  type Project,
  priceJudgment,
  type RuleCounts,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import type { Database } from "../database.js";
import {
  appendLedgerRows,
  type LedgerRow,
  ledgerEvent,
  ledgerRow,
  type NewLedgerRow,
  reversalOf,
} from "../repositories/cost-ledger.js";
import { parseJsonOrNull } from "../repositories/json-column.js";
import { getProject } from "../repositories/projects.js";
import { cachedRateCardsOfProject } from "../repositories/rate-cards.js";
import type { DB } from "../schema.js";
import { judgmentSourceKey } from "./record-judgment-cost.js";
import { undoQualityAction } from "./reverse-quality-action.js";
import { changeTaskWithQualityRollups } from "./update-quality-rollups.js";

const HOUR = 3_600_000;

/**
 * Takes back what rejecting one judgment cost its author, inside the caller's transaction (an
 * upheld appeal). The judgment is marked accepted (reason `appeal`); the task's label stands.
 *
 * - Rejected by a review: the correction rows the rejection wrote for this person (pay taken
 *   back, rework, fees) are reversed by new rows, so the original pay stands again.
 * - A missed gold answer: it counts as correct from now on (the annotator's record, the hourly
 *   roll-up and the quality roll-ups move by one), its pay rows are reversed and the judgment is
 *   paid again as accepted work (unchanged when the miss was already paid as such, as a hidden
 *   control's is where hidden controls get no feedback); automatic gold-accuracy actions taken
 *   since the answer are reversed when the corrected record no longer calls for one.
 *
 * The ledger is never edited: every change is a new row keyed `…:appeal@<now>`.
 */
export async function reverseRejection(
  trx: Kysely<DB>,
  database: Database,
  options: { projectId: number; judgmentId: number; actorId: number; now: number },
): Promise<{ ledgerRows: number; actionsReversed: number }> {
  const { projectId, judgmentId, actorId, now } = options;
  const judgment = await trx
    .selectFrom("judgments")
    .select(["task_id", "annotator_id", "verdict", "verdict_reason", "gold_correct", "created_at"])
    .where("project_id", "=", projectId)
    .where("id", "=", judgmentId)
    .executeTakeFirst();
  if (judgment?.verdict !== "rejected")
    throw new DomainError("conflict", "The judgment is no longer rejected (its verdict was undone meanwhile)");
  const project = (await getProject(trx, projectId))!;
  const accept = () =>
    trx
      .updateTable("judgments")
      .set({
        verdict: "accepted",
        verdict_by: actorId,
        verdict_reason: "appeal",
        verdict_at: now,
        ...(judgment.verdict_reason === "gold" ? { gold_correct: 1 } : {}),
      })
      .where("project_id", "=", projectId)
      .where("id", "=", judgmentId)
      .execute();
  const key = judgmentSourceKey(projectId, judgmentId);
  // The author's rows of this judgment, through the (annotator_id, at) index: none precedes the judgment.
  const all = await trx
    .selectFrom("cost_ledger")
    .selectAll()
    .where("annotator_id", "=", judgment.annotator_id)
    .where("at", ">=", judgment.created_at)
    .where("project_id", "=", projectId)
    .where("judgment_id", "=", judgmentId)
    .execute();
  let ledger: NewLedgerRow[];
  let actionsReversed = 0;
  if (judgment.verdict_reason === "gold") {
    await changeTaskWithQualityRollups(trx, project, judgment.task_id, accept);
    await regradeGoldAnswer(trx, {
      projectId,
      annotatorId: judgment.annotator_id,
      createdAt: judgment.created_at,
      now,
    });
    ledger = await repayGoldAnswer(trx, database, project, all, { key, actorId, now });
    actionsReversed = await reverseGoldActions(trx, project, {
      annotatorId: judgment.annotator_id,
      since: judgment.created_at,
      actorId,
      now,
    });
  } else {
    await accept();
    ledger = standingCorrections(all).map((row) => reversalOf(row, `${row.source_key}:appeal@${now}`, now, actorId));
  }
  await appendLedgerRows(trx, ledger);
  return { ledgerRows: ledger.length, actionsReversed };
}

/**
 * A review's correction rows for the author (`…:rejected@t`, `…:rework@t`, `…:fees:rejected@t`)
 * that nothing has reversed yet (an undo or an earlier appeal appends `<key>:…`).
 */
function standingCorrections(rows: readonly LedgerRow[]): LedgerRow[] {
  const corrections = rows.filter((r) => r.annotator_id !== null && /:(rejected|rework)@\d+$/.test(r.source_key));
  return corrections.filter((c) => !rows.some((r) => r.source_key.startsWith(`${c.source_key}:`)));
}

async function regradeGoldAnswer(
  trx: Kysely<DB>,
  options: { projectId: number; annotatorId: number; createdAt: number; now: number },
): Promise<void> {
  const { projectId, annotatorId } = options;
  await trx
    .updateTable("annotator_quality")
    .set({ gold_correct: sql`gold_correct + 1`, updated_at: options.now })
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId)
    .execute();
  await trx
    .updateTable("activity_hourly")
    .set({ gold_correct: sql`gold_correct + 1` })
    .where("project_id", "=", projectId)
    .where("annotator_id", "=", annotatorId)
    .where("hour", "=", Math.floor(options.createdAt / HOUR) * HOUR)
    .execute();
}

/**
 * Reverses a failed gold answer's pay and fees rows and pays it as accepted work. A pay row of 0
 * is rejected work's by a card that does not pay it: the card that priced it prices the answer
 * again as accepted. Any other was priced as accepted work already (a miss the annotator was not
 * told about, core's `goldAnswerPricedAsRejected`, or a card that pays rejected work, perhaps at an
 * experiment arm's pay) and is paid again as it was, so the appeal changes the pay by nothing.
 */
async function repayGoldAnswer(
  trx: Kysely<DB>,
  database: Database,
  project: Project,
  rows: readonly LedgerRow[],
  options: { key: string; actorId: number; now: number },
): Promise<NewLedgerRow[]> {
  const { key, actorId, now } = options;
  const pay = rows.find((r) => r.source_key === key);
  if (!pay) return []; // never priced: nothing was paid or withheld
  const fee = rows.find((r) => r.source_key === `${key}:fees`);
  const out: NewLedgerRow[] = [reversalOf(pay, `${key}:appeal@${now}`, now, actorId)];
  if (fee) out.push(reversalOf(fee, `${key}:fees:appeal@${now}`, now, actorId));
  const card = (await cachedRateCardsOfProject(trx, database, project.id)).find((c) => c.id === pay.rate_card_id);
  const price =
    card && pay.amount_minor === 0
      ? priceJudgment(card, { activeMs: pay.active_ms, rejected: false })
      : { base: pay.amount_minor, fee: fee?.amount_minor ?? 0, markup: 0 };
  const event = { ...ledgerEvent(pay), rejected: false, amountMinor: price.base, at: now };
  const source = { judgmentId: pay.judgment_id, rateCardId: pay.rate_card_id, createdBy: actorId };
  out.push(
    ledgerRow(event, {
      ...source,
      sourceKey: `${key}:regraded@${now}`,
      activeMs: pay.active_ms,
      note: "appeal upheld",
    }),
  );
  if (price.fee + price.markup !== 0)
    out.push(
      ledgerRow(
        { ...event, kind: "fee", amountMinor: price.fee + price.markup },
        {
          ...source,
          sourceKey: `${key}:regraded@${now}:fees`,
        },
      ),
    );
  return out;
}

/**
 * Reverses the automatic gold-accuracy actions taken on the annotator since the answer when the
 * corrected record no longer calls for one (the status returns as a manager's reversal would).
 */
async function reverseGoldActions(
  trx: Kysely<DB>,
  project: Project,
  options: { annotatorId: number; since: number; actorId: number; now: number },
): Promise<number> {
  const { annotatorId, actorId, now } = options;
  const record = await trx
    .selectFrom("annotator_quality")
    .select(["judgments", "gold_answered", "gold_correct", "fast_answers", "rule_base"])
    .where("project_id", "=", project.id)
    .where("annotator_id", "=", annotatorId)
    .executeTakeFirst();
  if (!record) return 0;
  const counts = {
    judgments: record.judgments,
    goldAnswered: record.gold_answered,
    goldCorrect: record.gold_correct,
    fastAnswers: record.fast_answers,
  };
  const outcome = evaluateAnnotator(
    countsSince(counts, parseJsonOrNull<RuleCounts>(record.rule_base) ?? undefined),
    project.qualityRules,
  );
  if (outcome && isGoldAccuracyReason(outcome.reason)) return 0;
  const actions = await trx
    .selectFrom("quality_actions")
    .select(["id"])
    .where("project_id", "=", project.id)
    .where("annotator_id", "=", annotatorId)
    .where("actor_id", "is", null)
    .where("reversed_at", "is", null)
    .where("created_at", ">=", options.since)
    .where("reason", "like", `${GOLD_ACCURACY_REASON}%`)
    .orderBy("id")
    .execute();
  for (const action of actions)
    await undoQualityAction(trx, { projectId: project.id, actionId: action.id, actorId, now });
  return actions.length;
}
