import type { Kysely, Selectable } from "kysely";
import type { AuditPlansTable, DB } from "../schema.js";

export interface AuditPlan {
  id: number;
  projectId: number;
  batchId: number | null;
  margin: number;
  confidence: number;
  /** Done tasks in the project (or batch) when the plan was drawn. */
  population: number;
  /** Tasks drawn for review: n for ±margin at the confidence, corrected for the population. */
  sampleSize: number;
  createdBy: number | null;
  createdAt: number;
}

function toAuditPlan(row: Selectable<AuditPlansTable>): AuditPlan {
  return {
    id: row.id,
    projectId: row.project_id,
    batchId: row.batch_id,
    margin: row.margin,
    confidence: row.confidence,
    population: row.population,
    sampleSize: row.sample_size,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function insertAuditPlan(trx: Kysely<DB>, plan: Omit<AuditPlan, "id">): Promise<AuditPlan> {
  const row = await trx
    .insertInto("audit_plans")
    .values({
      project_id: plan.projectId,
      batch_id: plan.batchId,
      margin: plan.margin,
      confidence: plan.confidence,
      population: plan.population,
      sample_size: plan.sampleSize,
      created_by: plan.createdBy,
      created_at: plan.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAuditPlan(row);
}

export async function setAuditSampleSize(trx: Kysely<DB>, planId: number, sampleSize: number): Promise<void> {
  await trx.updateTable("audit_plans").set({ sample_size: sampleSize }).where("id", "=", planId).execute();
}

/** A project's audit plans, newest first; only `planId` when given. */
export async function selectAuditPlans(db: Kysely<DB>, projectId: number, planId?: number): Promise<AuditPlan[]> {
  let query = db.selectFrom("audit_plans").selectAll().where("project_id", "=", projectId).orderBy("id", "desc");
  if (planId !== undefined) query = query.where("id", "=", planId);
  return (await query.execute()).map(toAuditPlan);
}
