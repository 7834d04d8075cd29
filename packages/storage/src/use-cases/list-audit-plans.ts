import { type AuditAccuracy, auditAccuracy, type ReviewPolicyOutcome, reviewPolicyOutcome } from "@quorum/core";
import type { Kysely } from "kysely";
import { type AuditPlan, selectAuditPlans } from "../repositories/audit-plans.js";
import { reviewCountsByPlan, reviewPolicyCounts } from "../repositories/review-items.js";
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

/**
 * What the project's review policy has done: the items it queued by source and verdict, and the
 * accepted share of its decided sample (core's `reviewPolicyOutcome`), from one indexed count.
 */
export async function readReviewPolicyOutcome(db: Kysely<DB>, projectId: number): Promise<ReviewPolicyOutcome> {
  return reviewPolicyOutcome(await reviewPolicyCounts(db, projectId));
}
