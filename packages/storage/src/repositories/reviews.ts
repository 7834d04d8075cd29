import { webcrypto } from "node:crypto";
import {
  type AuditAccuracy,
  auditAccuracy,
  auditSampleSize,
  busy,
  createReservoir,
  DomainError,
  initialRequired,
  invalidInput,
  type LabelValue,
  mulberry32,
  notFound,
  type Project,
  type Random,
  type ReviewCounts,
  type ReviewSource,
  type ReviewStatus,
  type ReviewVerdict,
  VERDICT_STATUS,
  validateLabelValue,
} from "@quorum/core";
import { type Kysely, type Selectable, sql } from "kysely";
import { type Database, isRetryable } from "../database.js";
import type { AuditPlansTable, DB, ReviewItemsTable } from "../schema.js";
import { taskStatusSql } from "../task-status-sql.js";
import { getProject } from "./projects.js";
import { judgmentsOfTask } from "./tasks.js";

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

export interface AuditPlanSummary extends AuditAccuracy {
  plan: AuditPlan;
}

export interface ReviewItem {
  id: number;
  projectId: number;
  taskId: number;
  source: ReviewSource;
  planId: number | null;
  status: ReviewStatus;
  reviewerId: number | null;
  /** The accepted aggregate (accept) or the expert's answer (correct); null otherwise. */
  reviewedValue: LabelValue | null;
  note: string | null;
  createdAt: number;
  reviewedAt: number | null;
}

/** What a reviewer sees: the item, the task with its gold and aggregate, and every judgment. */
export interface ReviewWork {
  item: ReviewItem;
  task: {
    id: number;
    batchId: number;
    externalId: string | null;
    language: string;
    data: Record<string, unknown>;
    gold: LabelValue | null;
    goldExplanation: string | null;
    status: string;
    judgmentCount: number;
    aggregate: { value: LabelValue; method: string; confidence: number | null } | null;
  };
  judgments: Awaited<ReturnType<typeof judgmentsOfTask>>;
}

const SCAN_PAGE = 5000;
const INSERT_CHUNK = 500;
const ATTEMPTS = 8;

function toPlan(row: Selectable<AuditPlansTable>): AuditPlan {
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

function toItem(row: Selectable<ReviewItemsTable>): ReviewItem {
  return {
    id: row.id,
    projectId: row.project_id,
    taskId: row.task_id,
    source: row.source as ReviewSource,
    planId: row.plan_id,
    status: row.status as ReviewStatus,
    reviewerId: row.reviewer_id,
    reviewedValue: row.reviewed_value === null ? null : (JSON.parse(row.reviewed_value) as LabelValue),
    note: row.note,
    createdAt: row.created_at,
    reviewedAt: row.reviewed_at,
  };
}

function randomSeed(): number {
  return webcrypto.getRandomValues(new Uint32Array(1))[0]!;
}

/**
 * Draws an audit: counts the done tasks of the project (or one batch) and picks a uniform random
 * sample of them in the same pass (reservoir sampling over task ids, a page at a time, so memory
 * holds at most the unbounded sample size, not the population). The sample size is what estimates
 * accuracy within ±margin at the confidence, corrected for the population. Sampled tasks become
 * pending review items of the plan; a task already pending review from a queue (not a plan) is
 * adopted by the plan, and one pending in another plan is replaced by the next random candidate.
 * `plan.sampleSize` is what was drawn; it falls short of `requiredSampleSize` only when too many
 * of the tasks are pending in other plans.
 */
export async function createAuditPlan(
  database: Database,
  options: {
    project: Project;
    batchId?: number | undefined;
    margin: number;
    confidence: number;
    expectedAccuracy?: number | undefined;
    actorId: number;
    now: number;
    random?: Random;
  },
): Promise<{ plan: AuditPlan; requiredSampleSize: number }> {
  const { db } = database;
  const { project, batchId, now } = options;
  if (batchId !== undefined) {
    const batch = await db
      .selectFrom("batches")
      .select("id")
      .where("project_id", "=", project.id)
      .where("id", "=", batchId)
      .executeTakeFirst();
    if (!batch) throw notFound("Batch");
  }
  const size = auditSampleSize(options);
  const random = options.random ?? mulberry32(randomSeed());
  const reservoir = createReservoir<number>(size.unbounded, random);
  for (let after = 0; ; ) {
    let page = db
      .selectFrom("tasks")
      .select("id")
      .where("project_id", "=", project.id)
      .where("status", "=", "done")
      .where("id", ">", after)
      .orderBy("id")
      .limit(SCAN_PAGE);
    if (batchId !== undefined) page = page.where("batch_id", "=", batchId);
    const ids = await page.execute();
    for (const row of ids) reservoir.offer(row.id);
    if (ids.length < SCAN_PAGE) break;
    after = ids[ids.length - 1]!.id;
  }
  const population = reservoir.seen;
  if (population === 0)
    throw new DomainError("nothing_to_audit", "There are no done tasks to audit here yet", [
      { path: batchId === undefined ? "project" : "batchId", message: "no done tasks" },
    ]);
  const wanted = size.forPopulation(population);
  const candidates = reservoir.drain();

  return db.transaction().execute(async (trx) => {
    const plan = await trx
      .insertInto("audit_plans")
      .values({
        project_id: project.id,
        batch_id: batchId ?? null,
        margin: options.margin,
        confidence: options.confidence,
        population,
        sample_size: wanted,
        created_by: options.actorId,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    let linked = 0;
    let next = 0;
    while (linked < wanted && next < candidates.length) {
      const chunk = candidates.slice(next, next + Math.min(INSERT_CHUNK, wanted - linked));
      next += chunk.length;
      const inserted = await trx
        .insertInto("review_items")
        .values(
          chunk.map((taskId) => ({
            project_id: project.id,
            task_id: taskId,
            source: "sample",
            plan_id: plan.id,
            status: "pending",
            reviewer_id: null,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returning("task_id")
        .execute();
      linked += inserted.length;
      if (inserted.length === chunk.length) continue;
      const adopted = await trx
        .updateTable("review_items")
        .set({ plan_id: plan.id })
        .where("project_id", "=", project.id)
        .where("status", "=", "pending")
        .where("plan_id", "is", null)
        .where("task_id", "in", chunk)
        .executeTakeFirst();
      linked += Number(adopted.numUpdatedRows);
    }
    if (linked !== wanted)
      await trx.updateTable("audit_plans").set({ sample_size: linked }).where("id", "=", plan.id).execute();
    await trx
      .insertInto("audit_log")
      .values({
        project_id: project.id,
        actor_id: options.actorId,
        action: "review.plan",
        details: JSON.stringify({
          planId: plan.id,
          batchId: batchId ?? null,
          population,
          requiredSampleSize: wanted,
          sampleSize: linked,
        }),
        created_at: now,
      })
      .execute();
    return { plan: toPlan({ ...plan, sample_size: linked }), requiredSampleSize: wanted };
  });
}

/**
 * Queues done tasks whose confidence (agreement share or posterior of the aggregate) is below
 * `threshold`, lowest first, up to `limit`. `disagreement` only considers tasks with at least two
 * judgments. Skips tasks pending review and tasks reviewed since they last changed.
 */
export async function enqueueForReview(
  db: Kysely<DB>,
  options: {
    projectId: number;
    source: "disagreement" | "low_confidence";
    threshold: number;
    limit: number;
    actorId: number;
    now: number;
  },
): Promise<{ enqueued: number; taskIds: number[] }> {
  const { projectId, now } = options;
  return db.transaction().execute(async (trx) => {
    let candidates = trx
      .selectFrom("tasks")
      .select("tasks.id")
      .where("tasks.project_id", "=", projectId)
      .where("tasks.status", "=", "done")
      .where("tasks.confidence", "<", options.threshold)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("review_items")
              .select(sql.lit(1).as("one"))
              .whereRef("review_items.project_id", "=", "tasks.project_id")
              .whereRef("review_items.task_id", "=", "tasks.id")
              .where((eb) =>
                eb.or([
                  eb("review_items.status", "=", "pending"),
                  eb("review_items.reviewed_at", ">=", eb.ref("tasks.updated_at")),
                ]),
              ),
          ),
        ),
      )
      .orderBy("tasks.confidence")
      .orderBy("tasks.id")
      .limit(options.limit);
    if (options.source === "disagreement") candidates = candidates.where("tasks.judgment_count", ">=", 2);
    const taskIds = (await candidates.execute()).map((row) => row.id);
    if (taskIds.length === 0) return { enqueued: 0, taskIds };
    const inserted = await trx
      .insertInto("review_items")
      .values(
        taskIds.map((taskId) => ({
          project_id: projectId,
          task_id: taskId,
          source: options.source,
          plan_id: null,
          status: "pending",
          reviewer_id: null,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning("task_id")
      .execute();
    const enqueuedIds = inserted.map((row) => row.task_id);
    await trx
      .insertInto("audit_log")
      .values({
        project_id: projectId,
        actor_id: options.actorId,
        action: "review.enqueue",
        details: JSON.stringify({ source: options.source, threshold: options.threshold, enqueued: enqueuedIds.length }),
        created_at: now,
      })
      .execute();
    return { enqueued: enqueuedIds.length, taskIds: enqueuedIds };
  });
}

/**
 * Gives the reviewer the oldest pending item that is unclaimed or already theirs, claiming it with
 * a conditional update so two reviewers never get the same item (on PostgreSQL rows being claimed
 * by another transaction are skipped, not waited for). Undefined when the queue is empty.
 */
export async function claimNextReview(
  database: Database,
  options: { projectId: number; reviewerId: number },
): Promise<ReviewWork | undefined> {
  const { db, dialect } = database;
  const { projectId, reviewerId } = options;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const claimed = await db.transaction().execute(async (trx) => {
        let query = trx
          .selectFrom("review_items")
          .select("id")
          .where("project_id", "=", projectId)
          .where("status", "=", "pending")
          .where((eb) => eb.or([eb("reviewer_id", "is", null), eb("reviewer_id", "=", reviewerId)]))
          .orderBy("id")
          .limit(1);
        if (dialect === "postgres") query = query.forUpdate().skipLocked();
        const candidate = await query.executeTakeFirst();
        if (!candidate) return null;
        const updated = await trx
          .updateTable("review_items")
          .set({ reviewer_id: reviewerId })
          .where("project_id", "=", projectId)
          .where("id", "=", candidate.id)
          .where("status", "=", "pending")
          .where((eb) => eb.or([eb("reviewer_id", "is", null), eb("reviewer_id", "=", reviewerId)]))
          .returningAll()
          .executeTakeFirst();
        return updated ?? "retry";
      });
      if (claimed === null) return undefined;
      if (claimed !== "retry") return loadReviewWork(db, toItem(claimed));
    } catch (error) {
      if (!isRetryable(error)) throw error;
    }
  }
  throw busy("Too many reviewers are taking items at this moment; please try again");
}

async function loadReviewWork(db: Kysely<DB>, item: ReviewItem): Promise<ReviewWork> {
  const task = await db
    .selectFrom("tasks")
    .select([
      "id",
      "batch_id",
      "external_id",
      "language",
      "data",
      "gold",
      "gold_explanation",
      "status",
      "judgment_count",
      "aggregate",
      "confidence",
    ])
    .where("project_id", "=", item.projectId)
    .where("id", "=", item.taskId)
    .executeTakeFirstOrThrow();
  const judgments = await judgmentsOfTask(db, item.projectId, item.taskId);
  const aggregate =
    task.aggregate === null ? null : (JSON.parse(task.aggregate) as { value: LabelValue; method?: string });
  return {
    item,
    task: {
      id: task.id,
      batchId: task.batch_id,
      externalId: task.external_id,
      language: task.language,
      data: JSON.parse(task.data) as Record<string, unknown>,
      gold: task.gold === null ? null : (JSON.parse(task.gold) as LabelValue),
      goldExplanation: task.gold_explanation,
      status: task.status,
      judgmentCount: task.judgment_count,
      aggregate: aggregate && {
        value: aggregate.value,
        method: aggregate.method ?? "majority",
        confidence: task.confidence,
      },
    },
    judgments,
  };
}

/** A page of a project's review items, keyset-paged on id. */
export async function listReviewItems(
  db: Kysely<DB>,
  projectId: number,
  options: {
    status?: ReviewStatus | undefined;
    source?: ReviewSource | undefined;
    planId?: number | undefined;
    after: number;
    limit: number;
  },
): Promise<ReviewItem[]> {
  let query = db
    .selectFrom("review_items")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("id", ">", options.after)
    .orderBy("id")
    .limit(options.limit);
  if (options.status) query = query.where("status", "=", options.status);
  if (options.source) query = query.where("source", "=", options.source);
  if (options.planId !== undefined) query = query.where("plan_id", "=", options.planId);
  return (await query.execute()).map(toItem);
}

/**
 * Records a verdict, all-or-nothing with its effect and an audit-log row. `accept` keeps the
 * aggregate and records the accepted value; `reject` sends the task back to the labeling queue
 * (it keeps its judgments and needs one more round of the overlap policy from new annotators);
 * `correct` makes the expert's answer, checked against the label schema, the aggregate with
 * confidence 1. An item already decided, or claimed by another reviewer (unless `override`), is a
 * conflict.
 */
export async function decideReview(
  database: Database,
  options: {
    itemId: number;
    reviewerId: number;
    verdict: ReviewVerdict;
    value?: unknown;
    note?: string | undefined;
    /** May decide items another reviewer has claimed (managers). */
    override: boolean;
    now: number;
  },
): Promise<ReviewItem> {
  const { itemId, reviewerId, now } = options;
  return database.db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom("review_items").selectAll().where("id", "=", itemId).executeTakeFirst();
    if (!item) throw notFound("Review item");
    if (item.status !== "pending") throw new DomainError("review_decided", `This item was already ${item.status}`);
    const project = (await getProject(trx, item.project_id))!;
    const task = await trx
      .selectFrom("tasks")
      .select(["data", "aggregate"])
      .where("project_id", "=", item.project_id)
      .where("id", "=", item.task_id)
      .executeTakeFirstOrThrow();

    let reviewedValue: LabelValue | null = null;
    if (options.verdict === "correct") {
      const checked = validateLabelValue(
        project.schema,
        options.value,
        JSON.parse(task.data) as Record<string, unknown>,
      );
      if (!checked.ok)
        throw invalidInput("The corrected answer does not fit the project's label schema", checked.errors);
      reviewedValue = checked.value;
    } else if (options.verdict === "accept" && task.aggregate !== null) {
      reviewedValue = (JSON.parse(task.aggregate) as { value: LabelValue }).value;
    }

    let decide = trx
      .updateTable("review_items")
      .set({
        status: VERDICT_STATUS[options.verdict],
        reviewer_id: reviewerId,
        reviewed_value: reviewedValue === null ? null : JSON.stringify(reviewedValue),
        note: options.note ?? null,
        reviewed_at: now,
      })
      .where("project_id", "=", item.project_id)
      .where("id", "=", itemId)
      .where("status", "=", "pending");
    if (!options.override)
      decide = decide.where((eb) => eb.or([eb("reviewer_id", "is", null), eb("reviewer_id", "=", reviewerId)]));
    const decided = await decide.returningAll().executeTakeFirst();
    if (!decided) {
      const current = await trx
        .selectFrom("review_items")
        .select("status")
        .where("id", "=", itemId)
        .executeTakeFirstOrThrow();
      throw new DomainError(
        current.status === "pending" ? "review_taken" : "review_decided",
        current.status === "pending"
          ? "Another reviewer is working on this item"
          : `This item was already ${current.status}`,
      );
    }

    const taskRow = trx.updateTable("tasks").where("project_id", "=", item.project_id).where("id", "=", item.task_id);
    if (options.verdict === "reject") {
      const required = sql<number>`judgment_count + ${initialRequired(project)}`;
      const reopened = await taskRow
        .set({
          required,
          status: taskStatusSql({ required }),
          updated_at: now,
        })
        .where("status", "=", "done")
        .executeTakeFirst();
      if (Number(reopened.numUpdatedRows) !== 1)
        throw new DomainError(
          "task_not_done",
          "This task is not done any more, so it cannot be sent back to the queue",
        );
    } else if (options.verdict === "correct") {
      await taskRow
        .set({ aggregate: JSON.stringify({ value: reviewedValue, method: "review" }), confidence: 1, updated_at: now })
        .execute();
    }
    await trx
      .insertInto("audit_log")
      .values({
        project_id: item.project_id,
        actor_id: reviewerId,
        action: `review.${options.verdict}`,
        details: JSON.stringify({
          itemId,
          taskId: item.task_id,
          ...(reviewedValue === null ? {} : { value: reviewedValue }),
          ...(options.note ? { note: options.note } : {}),
        }),
        created_at: now,
      })
      .execute();
    return toItem(decided);
  });
}

async function reviewCounts(db: Kysely<DB>, projectId: number, planIds: number[]): Promise<Map<number, ReviewCounts>> {
  const counts = new Map<number, ReviewCounts>(
    planIds.map((id) => [id, { pending: 0, accepted: 0, corrected: 0, rejected: 0 }]),
  );
  if (planIds.length === 0) return counts;
  const rows = await db
    .selectFrom("review_items")
    .select(["plan_id", "status", (eb) => eb.fn.countAll().as("items")])
    .where("project_id", "=", projectId)
    .where("plan_id", "in", planIds)
    .groupBy(["plan_id", "status"])
    .execute();
  for (const row of rows) {
    const entry = row.plan_id === null ? undefined : counts.get(row.plan_id);
    if (entry && row.status in entry) entry[row.status as keyof ReviewCounts] = Number(row.items);
  }
  return counts;
}

/** Every audit plan of a project, newest first, each with its verdict counts and accepted accuracy. */
export async function listAuditPlans(db: Kysely<DB>, projectId: number, planId?: number): Promise<AuditPlanSummary[]> {
  let query = db.selectFrom("audit_plans").selectAll().where("project_id", "=", projectId).orderBy("id", "desc");
  if (planId !== undefined) query = query.where("id", "=", planId);
  const plans = (await query.execute()).map(toPlan);
  const counts = await reviewCounts(
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
