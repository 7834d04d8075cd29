import { type AuditAccuracy, auditAccuracy } from "@quorum/core";
import type { Kysely } from "kysely";
import { type AuditPlan, selectAuditPlans } from "../repositories/audit-plans.js";
import { reviewCountsByPlan } from "../repositories/review-items.js";
import type { DB } from "../schema.js";

export interface AuditPlanSummary extends AuditAccuracy {
  plan: AuditPlan;
}

/** Every audit plan of a project, newest first, each with its verdict counts and accepted accuracy. */
export async function listAuditPlans(db: Kysely<DB>, projectId: number, planId?: number): Promise<AuditPlanSummary[]> {
  const plans = await selectAuditPlans(db, projectId, planId);
  const counts = await reviewCountsByPlan(
    db,
    projectId,
    plans.map((p) => p.id),
  );
  return plans.map((plan) => ({ plan, ...auditAccuracy(counts.get(plan.id)!, plan.confidence) }));
}

/** One audit plan of a project with its verdict counts and accepted accuracy; undefined if not in it. */
export async function getAuditPlan(
  db: Kysely<DB>,
  projectId: number,
  planId: number,
): Promise<AuditPlanSummary | undefined> {
  const [summary] = await listAuditPlans(db, projectId, planId);
  return summary;
}
