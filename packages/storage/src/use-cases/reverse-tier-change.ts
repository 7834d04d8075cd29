import { DomainError, notFound } from "@quorum/core";
import type { Kysely } from "kysely";
import { listTierChanges, markTierChangeReversed, saveTier, tierOf } from "../repositories/tiers.js";
import type { DB } from "../schema.js";
import { writeAudit } from "../transaction.js";

/**
 * Undoes a person's latest tier change: their tier returns to the one before it, the change is
 * marked reversed (never deleted) and the audit log records who undid it. Only the latest change
 * still in force may be undone, so an undo never skips over a later change.
 */
export async function reverseTierChange(
  db: Kysely<DB>,
  options: { userId: number; changeId: number; actorId: number; now: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const changes = await listTierChanges(trx, options.userId);
    const change = changes.find((c) => c.id === options.changeId);
    if (!change) throw notFound("Tier change");
    if (change.reversedAt !== null) throw new DomainError("undo_unavailable", "This tier change is already undone");
    const latest = changes.find((c) => c.reversedAt === null);
    if (latest?.id !== change.id || (await tierOf(trx, options.userId)) !== change.to)
      throw new DomainError("undo_unavailable", "Only the latest tier change in force can be undone");
    if (!(await markTierChangeReversed(trx, change.id, options.actorId, options.now)))
      throw new DomainError("undo_unavailable", "This tier change is already undone");
    await saveTier(trx, options.userId, change.from);
    await writeAudit(trx, {
      actorId: options.actorId,
      action: "tier.reverse",
      details: { userId: options.userId, changeId: change.id, from: change.to, to: change.from },
      now: options.now,
    });
  });
}
