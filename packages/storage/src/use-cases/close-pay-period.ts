import { type FairPayLine, fairPayTopUps, invalidInput } from "@quorum/core";
import type { Database } from "../database.js";
import { appendLedgerRows, ledgerRow } from "../repositories/cost-ledger.js";
import { paidTimeByAnnotator } from "../repositories/cost-ledger-sums.js";
import { inTransaction } from "../transaction.js";

export interface PayPeriodClose {
  period: { start: number; end: number };
  currency: string;
  /** Annotators checked against their region's floor, with the top-up each received now (0: none due). */
  lines: (FairPayLine & { region: string; added: boolean })[];
  /** Annotators paid in the period whose region has no floor in `currency` (or who have no region). */
  withoutFloor: number[];
}

/**
 * Closes a pay period for fair pay: each annotator's pay (every ledger kind but fees, earlier
 * top-ups included) and paid active time in [start, end) against the floor of their region in
 * force at the period's start (core's `fairPayTopUps`), and a `top_up` ledger row for each
 * shortfall, dated the period's last millisecond. Idempotent per (annotator, period, currency):
 * the row's source key is unique, and a second close finds the floor already reached.
 */
export async function closePayPeriod(
  database: Database,
  options: { start: number; end: number; currency: string; closedBy: number; now: number },
): Promise<PayPeriodClose> {
  const { start, end, currency } = options;
  if (options.now < end)
    throw invalidInput("The period has not ended: pay periods close after their end", [
      { path: "month", message: "has not ended yet" },
    ]);
  return inTransaction(database, async (trx) => {
    const paid = await paidTimeByAnnotator(trx, start, end, currency);
    const floors = await trx
      .selectFrom("fair_pay_floors")
      .selectAll()
      .where("currency", "=", currency)
      .where("effective_from", "<=", start)
      .where((eb) => eb.or([eb("effective_to", "is", null), eb("effective_to", ">", start)]))
      .orderBy("effective_from", "desc")
      .execute();
    const floorOf = new Map<string, number>();
    for (const floor of floors)
      if (!floorOf.has(floor.region)) floorOf.set(floor.region, Number(floor.floor_per_hour_minor));
    const users = paid.length
      ? await trx
          .selectFrom("users")
          .select(["id", "region", "vendor"])
          .where(
            "id",
            "in",
            paid.map((p) => p.annotatorId),
          )
          .execute()
      : [];
    const userOf = new Map(users.map((u) => [Number(u.id), u]));
    const lines: PayPeriodClose["lines"] = [];
    const withoutFloor: number[] = [];
    for (const annotator of paid) {
      const region = userOf.get(annotator.annotatorId)?.region ?? null;
      const floor = region === null ? undefined : floorOf.get(region);
      if (region === null || floor === undefined) {
        withoutFloor.push(annotator.annotatorId);
        continue;
      }
      const [line] = fairPayTopUps({
        period: { start, end },
        now: options.now,
        floorPerHourMinor: floor,
        currency,
        paid: [annotator],
      });
      let added = false;
      if (line!.topUpMinor > 0) {
        const row = ledgerRow(
          {
            kind: "top_up",
            amountMinor: line!.topUpMinor,
            currency,
            projectId: null,
            businessUnitId: null,
            vendor: userOf.get(annotator.annotatorId)?.vendor ?? null,
            annotatorId: annotator.annotatorId,
            language: null,
            taskType: null,
            taskId: null,
            isGold: false,
            judgmentOrdinal: null,
            rejected: false,
            at: end - 1,
          },
          {
            sourceKey: `top_up:${annotator.annotatorId}:${start}:${currency}`,
            note: `fair-pay floor ${floor}/h (${region})`,
            createdBy: options.closedBy,
          },
        );
        const inserted = await appendLedgerRows(trx, [row]);
        added = inserted === 1;
      }
      lines.push({ ...line!, region, added });
    }
    return { period: { start, end }, currency, lines, withoutFloor };
  });
}
