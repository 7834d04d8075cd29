import { type CostEvent, type Project, priceTraining } from "@quorum/core";
import type { Kysely } from "kysely";
import { appendLedgerRows, ledgerRow, type NewLedgerRow } from "../repositories/cost-ledger.js";
import { rateCardsOfProject } from "../repositories/rate-cards.js";
import type { DB } from "../schema.js";
import { priceScope } from "./cost-facts.js";

/**
 * Pays exam or training time (kind `exam` or `training`, component gold) by the training pay per
 * hour of the card in force, in the answer's transaction, once per `sourceKey`. Nothing is
 * written when no card applies or the time is 0.
 */
export async function recordTrainingCost(
  trx: Kysely<DB>,
  options: {
    kind: "exam" | "training";
    project: Project;
    annotatorId: number;
    taskId: number;
    language: string;
    activeMs: number;
    sourceKey: string;
    now: number;
  },
): Promise<void> {
  const { project, now } = options;
  if (options.activeMs <= 0) return;
  const scope = await priceScope(trx, undefined, await rateCardsOfProject(trx, project.id), {
    project,
    workerId: options.annotatorId,
    language: options.language,
    at: now,
  });
  if (!scope) return;
  const price = priceTraining(scope.card, { activeMs: options.activeMs });
  const event: CostEvent = {
    kind: options.kind,
    amountMinor: price.base,
    currency: scope.card.currency,
    projectId: project.id,
    businessUnitId: scope.businessUnitId,
    vendor: scope.vendor,
    annotatorId: options.annotatorId,
    language: scope.language,
    taskType: scope.taskType,
    taskId: options.taskId,
    isGold: true,
    judgmentOrdinal: null,
    rejected: false,
    at: now,
  };
  const source = { rateCardId: scope.card.id };
  const rows: NewLedgerRow[] = [
    ledgerRow(event, { ...source, sourceKey: options.sourceKey, activeMs: options.activeMs }),
  ];
  if (price.fee + price.markup !== 0)
    rows.push(
      ledgerRow(
        { ...event, kind: "fee", amountMinor: price.fee + price.markup },
        { ...source, sourceKey: `${options.sourceKey}:fees` },
      ),
    );
  await appendLedgerRows(trx, rows);
}
