import { DomainError, notFound } from "@quorum/core";
import type { Database } from "../database.js";
import { markAppealDecided } from "../repositories/appeals.js";
import { inTransaction, lockForUpdate, writeAudit } from "../transaction.js";
import { reverseRejection } from "./reverse-rejection.js";

/**
 * A reviewer or manager decides a pending appeal. Upheld, the rejection's quality and pay effects
 * are reversed (`reverseRejection`: new ledger rows, a re-graded gold answer, automatic actions
 * it caused taken back); rejected, nothing else changes. Nobody decides their own appeal. One
 * transaction, audit-logged as `appeal.upheld` or `appeal.rejected`.
 */
export async function decideAppeal(
  database: Database,
  options: {
    projectId: number;
    appealId: number;
    deciderId: number;
    decision: "upheld" | "rejected";
    note: string | null;
    now: number;
  },
): Promise<void> {
  const { projectId, appealId, deciderId, decision, now } = options;
  await inTransaction(database, async (trx) => {
    const appeal = await lockForUpdate(
      trx.selectFrom("appeals").selectAll().where("project_id", "=", projectId).where("id", "=", appealId),
      database.dialect,
    ).executeTakeFirst();
    if (!appeal) throw notFound("Appeal");
    if (appeal.annotator_id === deciderId) throw new DomainError("forbidden", "Nobody decides their own appeal");
    const decided = await markAppealDecided(trx, {
      projectId,
      appealId,
      status: decision,
      by: deciderId,
      note: options.note,
      now,
    });
    if (!decided) throw new DomainError("appeal_decided", `The appeal was ${appeal.status} already`);
    const reversed =
      decision === "upheld"
        ? await reverseRejection(trx, database, { projectId, judgmentId: appeal.judgment_id, actorId: deciderId, now })
        : undefined;
    await writeAudit(trx, {
      projectId,
      actorId: deciderId,
      action: `appeal.${decision}`,
      details: {
        appealId,
        judgmentId: appeal.judgment_id,
        annotatorId: appeal.annotator_id,
        ...(reversed ? { ledgerRows: reversed.ledgerRows, actionsReversed: reversed.actionsReversed } : {}),
        ...(options.note ? { note: options.note } : {}),
      },
      now,
    });
  });
}
