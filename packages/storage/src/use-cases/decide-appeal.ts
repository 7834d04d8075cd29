import { can, checkAppealDecider, DomainError, notFound, ROLES, type Role } from "@quorum/core";
import type { Kysely } from "kysely";
import type { Database } from "../database.js";
import { markAppealDecided } from "../repositories/appeals.js";
import type { DB } from "../schema.js";
import { inTransaction, lockForUpdate, writeAudit } from "../transaction.js";
import { undoQualityAction } from "./reverse-quality-action.js";
import { reverseRejection } from "./reverse-rejection.js";

/**
 * A reviewer or manager decides a pending appeal. Upheld, the rejection's quality and pay effects
 * are reversed (`reverseRejection`: new ledger rows, a re-graded gold answer, automatic actions
 * it caused taken back), or the appealed automatic action is taken back (the annotator's status
 * returns as a manager's reversal returns it); rejected, nothing else changes. Nobody decides their own appeal, nor
 * one of their own rejection (core's `checkAppealDecider`: an admin only when nobody else could).
 * One transaction, audit-logged as `appeal.upheld` or `appeal.rejected`.
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
    // Before the decider rule: a decided appeal's judgment names its decider, not its rejecter.
    if (appeal.status !== "pending") throw new DomainError("appeal_decided", `The appeal was ${appeal.status} already`);
    // An action appeal contests an automatic rule's action: nobody made it.
    const judgment =
      appeal.judgment_id === null
        ? undefined
        : await trx
            .selectFrom("judgments")
            .select("verdict_by")
            .where("project_id", "=", projectId)
            .where("id", "=", appeal.judgment_id)
            .executeTakeFirst();
    const rejectedBy = judgment?.verdict_by == null ? null : Number(judgment.verdict_by);
    const decider = await trx.selectFrom("users").select("role").where("id", "=", deciderId).executeTakeFirstOrThrow();
    const { soleDecider } = checkAppealDecider({
      decider: { id: deciderId, role: decider.role as Role },
      appellantId: Number(appeal.annotator_id),
      rejectedBy,
      // Read only when it matters: the decider made the rejection.
      anotherDecider: rejectedBy === deciderId && (await anotherDeciderExists(trx, deciderId)),
    });
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
      decision !== "upheld"
        ? undefined
        : appeal.quality_action_id !== null
          ? await reverseAppealedAction(trx, { projectId, actionId: appeal.quality_action_id, actorId: deciderId, now })
          : await reverseRejection(trx, database, {
              projectId,
              judgmentId: appeal.judgment_id!,
              actorId: deciderId,
              now,
            });
    await writeAudit(trx, {
      projectId,
      actorId: deciderId,
      action: `appeal.${decision}`,
      details: {
        appealId,
        ...(appeal.quality_action_id !== null
          ? { qualityActionId: appeal.quality_action_id }
          : { judgmentId: appeal.judgment_id }),
        annotatorId: appeal.annotator_id,
        ...(reversed ? { ledgerRows: reversed.ledgerRows, actionsReversed: reversed.actionsReversed } : {}),
        ...(options.note ? { note: options.note } : {}),
        ...(soleDecider ? { soleDecider: true, rejectedBy } : {}),
      },
      now,
    });
  });
}

/**
 * An upheld appeal of an automatic action takes the action back (the annotator's status returns
 * as a manager's reversal would return it). Reversed meanwhile by a manager: `conflict`.
 */
async function reverseAppealedAction(
  trx: Kysely<DB>,
  options: { projectId: number; actionId: number; actorId: number; now: number },
): Promise<{ ledgerRows: number; actionsReversed: number }> {
  const reversed = await undoQualityAction(trx, options);
  if (!reversed) throw new DomainError("conflict", "The action is no longer in force (it was reversed meanwhile)");
  return { ledgerRows: 0, actionsReversed: 1 };
}

const DECIDER_ROLES: Role[] = ROLES.filter((role) => can(role, "reviews.work"));

/** Whether an active person other than `deciderId` holds a role that may decide appeals. */
async function anotherDeciderExists(db: Kysely<DB>, deciderId: number): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("role", "in", DECIDER_ROLES)
    .where("status", "=", "active")
    .where("id", "!=", deciderId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
