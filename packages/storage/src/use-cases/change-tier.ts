import { DEFAULT_TIER_RULES, evaluateTier, type Tier, type TierRules } from "@quorum/core";
import type { Kysely } from "kysely";
import { insertTierChange, saveTier, tierOf } from "../repositories/tiers.js";
import type { DB } from "../schema.js";
import { writeAudit } from "../transaction.js";

/**
 * Sets a person's tier by hand, logging the change (and the audit row) in one transaction.
 * Returns the change's id, or undefined when the person is already at that tier.
 */
export async function changeTier(
  db: Kysely<DB>,
  options: { userId: number; tier: Tier; reason: string; actorId: number | null; now: number },
): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const from = await tierOf(trx, options.userId);
    if (from === options.tier) return undefined;
    const id = await insertTierChange(trx, { ...options, from, to: options.tier });
    await saveTier(trx, options.userId, options.tier);
    await writeAudit(trx, {
      actorId: options.actorId,
      action: "tier.change",
      details: { userId: options.userId, changeId: id, from, to: options.tier, reason: options.reason },
      now: options.now,
    });
    return id;
  });
}

/**
 * Applies the tier rules to every annotator on their gold answers of the last `days` days (read
 * from the hourly roll-up, one grouped query): each whose record calls for a move goes one tier up
 * or down, logged as made by the rules (or by `actorId` when a manager ran it). Returns the changes.
 */
export async function evaluateTiers(
  db: Kysely<DB>,
  options: { days: number; now: number; actorId: number | null; rules?: TierRules },
): Promise<{ userId: number; changeId: number; from: Tier; to: Tier; reason: string }[]> {
  const rules = options.rules ?? DEFAULT_TIER_RULES;
  const rows = await db
    .selectFrom("activity_hourly as a")
    .innerJoin("users as u", "u.id", "a.annotator_id")
    .select([
      "a.annotator_id",
      (eb) => eb.fn.sum<number | string>("a.gold_answered").as("answered"),
      (eb) => eb.fn.sum<number | string>("a.gold_correct").as("correct"),
    ])
    .where("a.hour", ">=", options.now - options.days * 86_400_000)
    .where("u.role", "=", "annotator")
    .where("u.status", "=", "active")
    .groupBy("a.annotator_id")
    .execute();
  const changes = [];
  for (const row of rows) {
    const userId = Number(row.annotator_id);
    const current = await tierOf(db, userId);
    const decision = evaluateTier(current, { answered: Number(row.answered), correct: Number(row.correct) }, rules);
    if (!decision) continue;
    const changeId = await changeTier(db, {
      userId,
      tier: decision.to,
      reason: decision.reason,
      actorId: options.actorId,
      now: options.now,
    });
    if (changeId !== undefined) changes.push({ userId, changeId, ...decision });
  }
  return changes;
}
