import { type ArmPayStanding, armPayCurrency, armPayStanding, type CardsCurrency } from "@quorum/core";
import type { Kysely } from "kysely";
import type { ExperimentRecord } from "../repositories/experiments.js";
import { listRateCards } from "../repositories/rate-cards.js";
import type { DB } from "../schema.js";

/** The one currency of the rate cards in force at `at` that price `projectId` (core's `armPayCurrency`). */
export async function cardsCurrencyOfProject(db: Kysely<DB>, projectId: number, at: number): Promise<CardsCurrency> {
  return armPayCurrency(await listRateCards(db, { at }), projectId);
}

/**
 * Per arm of `experiment`, whether the cards in force at `at` pay its pay per judgment (core's
 * `armPayStanding`); null for an arm without a pay.
 */
export async function readArmPayStanding(
  db: Kysely<DB>,
  experiment: ExperimentRecord,
  at: number,
): Promise<(ArmPayStanding | null)[]> {
  if (experiment.arms.every((arm) => arm.payRateMinor === undefined)) return experiment.arms.map(() => null);
  const cards = await cardsCurrencyOfProject(db, experiment.projectId, at);
  return experiment.arms.map((arm) => armPayStanding(arm, cards) ?? null);
}
