import {
  controlKindOf,
  type DayWriter,
  DomainError,
  decideActionAppealFiling,
  decideAppealFiling,
  givesGoldFeedback,
  notFound,
  parseGoldPolicy,
} from "@quorum/core";
import type { Kysely } from "kysely";
import { type Database, isUniqueViolation } from "../database.js";
import { insertAppeal } from "../repositories/appeals.js";
import type { DB } from "../schema.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { readSupportPolicy } from "./read-support-policy.js";

/** What an appeal contests: one of the caller's judgments, or an automatic quality action taken on them. */
export type AppealTarget = { judgmentId: number } | { qualityActionId: number };

/**
 * An annotator appeals one of their own judgments that a review or a gold answer rejected, or
 * an automatic quality action an annotator rule took on them, within the project's filing window
 * (core's `decideAppealFiling` / `decideActionAppealFiling`: a late one is
 * `appeal_window_closed`). A missed gold answer they were given no feedback on (a hidden control)
 * is refused like a judgment never rejected: they appeal the action it led to instead. One
 * appeal per judgment or action. Audit-logged; returns the appeal's id and when its decision is
 * due. Two filings at once: one wins, the other is `conflict`. `writeDay` writes the day a
 * closed window closed, for the annotator.
 */
export async function fileAppeal(
  database: Database,
  options: AppealTarget & { projectId: number; annotatorId: number; reason: string; now: number; writeDay?: DayWriter },
): Promise<{ id: number; decideDueAt: number }> {
  const { projectId, annotatorId, now } = options;
  return inTransaction(
    database,
    async (trx) => {
      const target = "judgmentId" in options ? await judgmentTarget(trx, options) : await actionTarget(trx, options);
      const earlier = await trx
        .selectFrom("appeals")
        .select("id")
        .where("project_id", "=", projectId)
        .where(target.column, "=", target.id)
        .executeTakeFirst();
      if (earlier)
        throw new DomainError("conflict", `This ${target.noun} has been appealed already`, [
          { path: target.field, message: `appeal ${earlier.id} exists` },
        ]);
      const id = await insertAppeal(trx, {
        projectId,
        judgmentId: target.column === "judgment_id" ? target.id : null,
        taskId: target.taskId,
        qualityActionId: target.column === "quality_action_id" ? target.id : null,
        annotatorId,
        kind: target.filing.kind,
        reason: options.reason,
        filedAt: now,
        decideDueAt: target.filing.decideBy,
      });
      await writeAudit(trx, {
        projectId,
        actorId: annotatorId,
        action: "appeal.file",
        details: { appealId: id, [target.field]: target.id, kind: target.filing.kind },
        now,
      });
      return { id, decideDueAt: target.filing.decideBy };
    },
    {
      // A rival filing of the same judgment committed first: the retry finds it and says so.
      retryOn: isUniqueViolation,
    },
  );
}

interface Target {
  column: "judgment_id" | "quality_action_id";
  field: "judgmentId" | "qualityActionId";
  noun: string;
  id: number;
  taskId: number | null;
  filing: ReturnType<typeof decideAppealFiling>;
}

async function judgmentTarget(
  trx: Kysely<DB>,
  options: { projectId: number; judgmentId: number; annotatorId: number; now: number; writeDay?: DayWriter },
): Promise<Target> {
  const { projectId, judgmentId } = options;
  const judgment = await trx
    .selectFrom("judgments")
    .innerJoin("assignments", (join) =>
      join
        .onRef("assignments.project_id", "=", "judgments.project_id")
        .onRef("assignments.id", "=", "judgments.assignment_id"),
    )
    .innerJoin("projects", "projects.id", "judgments.project_id")
    .select([
      "judgments.task_id",
      "judgments.verdict",
      "judgments.verdict_reason",
      "judgments.verdict_at",
      "assignments.served_as",
      "projects.gold_policy",
    ])
    .where("judgments.project_id", "=", projectId)
    .where("judgments.id", "=", judgmentId)
    .where("judgments.annotator_id", "=", options.annotatorId)
    .executeTakeFirst();
  if (!judgment) throw notFound("Judgment");
  const servedAs = controlKindOf(judgment.served_as);
  const feedback = parseGoldPolicy(JSON.parse(judgment.gold_policy)).feedback;
  const filing = decideAppealFiling(
    {
      verdict: judgment.verdict,
      verdictReason: judgment.verdict_reason,
      verdictAt: judgment.verdict_at,
      goldFeedback: givesGoldFeedback(feedback, servedAs),
    },
    await readSupportPolicy(trx, projectId),
    options.now,
    options.writeDay,
  );
  return {
    column: "judgment_id",
    field: "judgmentId",
    noun: "judgment",
    id: judgmentId,
    taskId: judgment.task_id,
    filing,
  };
}

async function actionTarget(
  trx: Kysely<DB>,
  options: { projectId: number; qualityActionId: number; annotatorId: number; now: number; writeDay?: DayWriter },
): Promise<Target> {
  const { projectId, qualityActionId } = options;
  const action = await trx
    .selectFrom("quality_actions")
    .select(["action", "actor_id", "created_at", "reversed_at"])
    .where("project_id", "=", projectId)
    .where("id", "=", qualityActionId)
    .where("annotator_id", "=", options.annotatorId)
    .executeTakeFirst();
  if (!action) throw notFound("Quality action");
  const filing = decideActionAppealFiling(
    { action: action.action, actorId: action.actor_id, createdAt: action.created_at, reversedAt: action.reversed_at },
    await readSupportPolicy(trx, projectId),
    options.now,
    options.writeDay,
  );
  return {
    column: "quality_action_id",
    field: "qualityActionId",
    noun: "action",
    id: qualityActionId,
    taskId: null,
    filing,
  };
}
