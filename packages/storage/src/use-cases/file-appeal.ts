import { DomainError, decideAppealFiling, notFound } from "@quorum/core";
import { type Database, isUniqueViolation } from "../database.js";
import { insertAppeal } from "../repositories/appeals.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { readSupportPolicy } from "./read-support-policy.js";

/**
 * An annotator appeals one of their own judgments that a review or a gold answer rejected,
 * within the project's filing window (core's `decideAppealFiling`: a late one is
 * `appeal_window_closed`). One appeal per judgment. Audit-logged; returns the appeal's id and
 * when its decision is due. Two filings at once: one wins, the other is `conflict`.
 */
export async function fileAppeal(
  database: Database,
  options: { projectId: number; judgmentId: number; annotatorId: number; reason: string; now: number },
): Promise<{ id: number; decideDueAt: number }> {
  const { projectId, judgmentId, annotatorId, now } = options;
  return inTransaction(
    database,
    async (trx) => {
      const judgment = await trx
        .selectFrom("judgments")
        .select(["task_id", "verdict", "verdict_reason", "verdict_at"])
        .where("project_id", "=", projectId)
        .where("id", "=", judgmentId)
        .where("annotator_id", "=", annotatorId)
        .executeTakeFirst();
      if (!judgment) throw notFound("Judgment");
      const policy = await readSupportPolicy(trx, projectId);
      const filing = decideAppealFiling(
        { verdict: judgment.verdict, verdictReason: judgment.verdict_reason, verdictAt: judgment.verdict_at },
        policy,
        now,
      );
      const earlier = await trx
        .selectFrom("appeals")
        .select("id")
        .where("project_id", "=", projectId)
        .where("judgment_id", "=", judgmentId)
        .executeTakeFirst();
      if (earlier)
        throw new DomainError("conflict", "This judgment has been appealed already", [
          { path: "judgmentId", message: `appeal ${earlier.id} exists` },
        ]);
      const id = await insertAppeal(trx, {
        projectId,
        judgmentId,
        taskId: judgment.task_id,
        annotatorId,
        kind: filing.kind,
        reason: options.reason,
        filedAt: now,
        decideDueAt: filing.decideBy,
      });
      await writeAudit(trx, {
        projectId,
        actorId: annotatorId,
        action: "appeal.file",
        details: { appealId: id, judgmentId, kind: filing.kind },
        now,
      });
      return { id, decideDueAt: filing.decideBy };
    },
    {
      // A rival filing of the same judgment committed first: the retry finds it and says so.
      retryOn: isUniqueViolation,
    },
  );
}
