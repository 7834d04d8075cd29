import { type CostEvent, invalidInput, notFound } from "@quorum/core";
import type { Database } from "../database.js";
import { appendLedgerRows, type LedgerRow, ledgerRow, ledgerRowsBySource } from "../repositories/cost-ledger.js";
import { getProject } from "../repositories/projects.js";
import { inTransaction, writeAudit } from "../transaction.js";

export const ADJUSTMENT_KINDS = ["bonus", "adjustment", "top_up", "fee"] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

export interface CostAdjustment {
  kind: AdjustmentKind;
  /** Signed minor units: a negative adjustment takes money back. */
  amountMinor: number;
  currency: string;
  projectId: number | null;
  annotatorId: number | null;
  taskId: number | null;
  note: string;
  /** The client's key: the same key again returns the row stored the first time. */
  key: string;
  /** When the cost was incurred; the request's time by default. */
  at?: number;
}

/**
 * Appends a manual row (bonus, adjustment, fair-pay top-up or fee) with the project's business
 * unit, the person's vendor and the task's language as they are now, audit-logged. Idempotent on
 * `key`: a retry returns the first row and writes nothing.
 */
export async function recordCostAdjustment(
  database: Database,
  adjustment: CostAdjustment,
  actor: { id: number; now: number },
): Promise<{ row: LedgerRow; created: boolean }> {
  const sourceKey = `manual:${adjustment.key}`;
  return inTransaction(database, async (trx) => {
    const [existing] = await ledgerRowsBySource(trx, [sourceKey]);
    if (existing) return { row: existing, created: false };
    const project = adjustment.projectId === null ? undefined : await getProject(trx, adjustment.projectId);
    if (adjustment.projectId !== null && !project) throw notFound("Project");
    const person =
      adjustment.annotatorId === null
        ? undefined
        : await trx.selectFrom("users").select(["vendor"]).where("id", "=", adjustment.annotatorId).executeTakeFirst();
    if (adjustment.annotatorId !== null && !person) throw notFound("User");
    let language: string | null = null;
    let isGold = false;
    if (adjustment.taskId !== null) {
      if (!project)
        throw invalidInput("projectId is required with taskId", [
          { path: "projectId", message: "required with taskId" },
        ]);
      const task = await trx
        .selectFrom("tasks")
        .select(["language", "gold"])
        .where("project_id", "=", project.id)
        .where("id", "=", adjustment.taskId)
        .executeTakeFirst();
      if (!task) throw notFound("Task");
      language = task.language === "" ? null : task.language;
      isGold = task.gold !== null;
    }
    const businessUnit = project
      ? await trx
          .selectFrom("projects")
          .select("business_unit_id")
          .where("id", "=", project.id)
          .executeTakeFirstOrThrow()
      : undefined;
    const event: CostEvent = {
      kind: adjustment.kind,
      amountMinor: adjustment.amountMinor,
      currency: adjustment.currency,
      projectId: project?.id ?? null,
      businessUnitId: businessUnit?.business_unit_id ?? null,
      vendor: person?.vendor ?? null,
      annotatorId: adjustment.annotatorId,
      language,
      taskType: project?.schema.type ?? null,
      taskId: adjustment.taskId,
      isGold,
      judgmentOrdinal: null,
      rejected: false,
      at: adjustment.at ?? actor.now,
    };
    await appendLedgerRows(trx, [ledgerRow(event, { sourceKey, note: adjustment.note, createdBy: actor.id })]);
    const [row] = await ledgerRowsBySource(trx, [sourceKey]);
    await writeAudit(trx, {
      projectId: event.projectId,
      actorId: actor.id,
      action: `cost.${adjustment.kind}`,
      details: { ledgerId: row!.id, amountMinor: event.amountMinor, currency: event.currency, note: adjustment.note },
      now: actor.now,
    });
    return { row: row!, created: true };
  });
}
