import { can, notFound, REVIEW_SOURCES, REVIEW_STATUSES, REVIEW_VERDICTS, UNDO_WINDOW_MS } from "@quorum/core";
import {
  type AuditPlan,
  type AuditPlanSummary,
  claimNextReview,
  createAuditPlan,
  decideReview,
  enqueueForReview,
  getAuditPlan,
  listAuditPlans,
  listReviewItems,
  type ReviewItem,
  type ReviewWork,
  readReviewPolicyOutcome,
  releaseReview,
  undoReview,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryId, queryInteger, readJson, readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";

export const CreateAuditBody = z.object({
  margin: z.number().min(0.005).max(0.5).describe("half-width of the accuracy estimate: 0.02 for ±2 points"),
  confidence: z.number().min(0.5).max(0.999).default(0.95),
  batchId: z.number().int().positive().optional().describe("audit one batch; the whole project when omitted"),
  expectedAccuracy: z
    .number()
    .gt(0)
    .lt(1)
    .optional()
    .describe("sizes the sample for this accuracy instead of the worst case 0.5"),
});

export const EnqueueReviewsBody = z.object({
  source: z.enum(["disagreement", "low_confidence"]),
  threshold: z.number().gt(0).max(1).default(0.7).describe("queue done tasks whose confidence is below this"),
  limit: z.number().int().min(1).max(1000).default(100),
});

export const ListReviewsQuery = z.object({
  status: z.enum(REVIEW_STATUSES).optional(),
  source: z.enum(REVIEW_SOURCES).optional(),
  planId: queryId().optional(),
  after: queryInteger().pipe(z.number().min(0)).default(0).describe("return items with a larger id (keyset paging)"),
  limit: queryInteger().pipe(z.number().min(1).max(500)).default(50),
});

/** At most this many ids in `skip`: a session's skipped items, not a list of the queue. */
const MAX_SKIP = 100;

export const NextReviewQuery = z.object({
  skip: z
    .string()
    .regex(
      new RegExp(`^[1-9][0-9]{0,15}(,[1-9][0-9]{0,15}){0,${MAX_SKIP - 1}}$`),
      `comma-separated item ids, at most ${MAX_SKIP}`,
    )
    .transform((text) => text.split(",").map(Number))
    .optional()
    .describe("item ids to pass over (the ones this reviewer skipped), e.g. 12,15"),
});

export const VerdictBody = z
  .object({
    verdict: z.enum(REVIEW_VERDICTS),
    value: z.unknown().optional().describe("the corrected answer (verdict correct), checked against the label schema"),
    note: z.string().trim().max(5000).optional(),
    activeMs: z
      .number()
      .int()
      .min(0)
      .max(86_400_000)
      .optional()
      .describe("the reviewer's active time on the item (ms), paid as review time; default: since the claim, capped"),
  })
  .refine((body) => body.verdict !== "correct" || body.value !== undefined, {
    path: ["value"],
    message: "a correct verdict needs the corrected value",
  });

const ACCESS = "reviews.work (admin, manager, reviewer)";
const SUMMARY =
  "{plan: {id, batchId, population, sampleSize, margin, confidence, createdBy, createdAt}, reviewed, accepted, corrected, rejected, pending, accuracy: {estimate, low, high}}";

export const reviewDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/projects/{id}/audits",
    tag: "Review",
    summary:
      "Draws an audit: n done tasks chosen uniformly at random from the project or a batch, n being the sample that estimates accuracy within ±margin at the confidence (finite-population corrected; worst case p = 0.5 unless expectedAccuracy). They join the review queue; tasks pending in another plan are replaced, so sampleSize (drawn) is below requiredSampleSize only when too few are left.",
    access: ACCESS,
    body: CreateAuditBody,
    responses: {
      201: "{plan: {id, batchId, population, sampleSize, requiredSampleSize, margin, confidence, createdBy, createdAt}}",
      404: "no such batch in the project",
      409: "no done tasks to audit",
    },
  },
  {
    method: "get",
    path: "/projects/{id}/audits",
    tag: "Review",
    summary:
      "Audit plans, newest first, each with its verdict counts and accepted accuracy (Wilson interval at the plan's confidence); and what the project's reviewPolicy has done: the items it queued by source (sample, low_confidence, disagreement) with their verdict counts, and the accepted share of its decided sample items (an estimate of label accuracy, Wilson interval at 95%; estimate null before any verdict).",
    access: ACCESS,
    responses: {
      200: `{plans: [${SUMMARY}], reviewPolicy: {bySource: {sample|low_confidence|disagreement: {queued, decided, pending, accepted, corrected, rejected}}, sampleAccuracy: {reviewed, accepted, corrected, rejected, pending, accuracy: {estimate, low, high}}}}`,
    },
  },
  {
    method: "get",
    path: "/projects/{id}/audits/{planId}",
    tag: "Review",
    summary:
      "One audit plan with its verdict counts and accepted accuracy: accepted ÷ reviewed (corrected and rejected count as not accepted) with its Wilson interval.",
    access: ACCESS,
    responses: { 200: SUMMARY, 404: "no such plan in this project" },
  },
  {
    method: "post",
    path: "/projects/{id}/reviews/enqueue",
    tag: "Review",
    summary:
      "Queues done tasks whose confidence (agreement share or posterior) is below the threshold, lowest first. disagreement only considers tasks with at least two judgments. Tasks pending review, or reviewed since they last changed, are skipped.",
    access: ACCESS,
    body: EnqueueReviewsBody,
    responses: { 200: "{enqueued, taskIds}" },
  },
  {
    method: "post",
    path: "/projects/{id}/reviews/next",
    tag: "Review",
    summary:
      "Claims the oldest pending review item open to the caller (unclaimed, already theirs, or under another reviewer's expired claim), leaving out the `skip` ids, with the task's data, gold, aggregate and every judgment (annotator, value, guideline version). A claim is a lease of the project's reviewLeaseSeconds (item.claimExpiresAt); asking again while holding an item renews it. Until it expires no other reviewer gets or decides the item; after, anyone may take it, and the first holder's verdict stands only while nobody has. Reading the queue (GET /projects/{id}/reviews) never claims.",
    access: ACCESS,
    query: NextReviewQuery,
    responses: {
      200: "{item: {id, ..., reviewerId, claimedAt, claimExpiresAt}, task: {id, data, gold, goldExplanation, status, aggregate: {value, method, confidence}}, judgments: [{annotatorId, annotatorName, value, guidelineVersion}]}",
      204: "nothing is open to the caller",
    },
  },
  {
    method: "post",
    path: "/projects/{id}/reviews/{itemId}/release",
    tag: "Review",
    summary:
      "Gives back the claim on a pending item so any reviewer may take it (a reviewer skipping or leaving it). Only the reviewer holding the claim, or a manager or admin, may; an unclaimed item is returned as it is. Logged as review.release.",
    access: `${ACCESS}; another reviewer's claim: projects.manage (manager, admin)`,
    responses: {
      200: "{item}",
      403: "the claim is another reviewer's",
      404: "no such item in this project",
      409: "review_decided: the item was already decided",
    },
  },
  {
    method: "get",
    path: "/projects/{id}/reviews",
    tag: "Review",
    summary:
      "Review items by status, source or plan, a page at a time (pass the last id as `after`). Items come from audit plans (source sample, with planId), the enqueue call, appeals (dispute), and the project's reviewPolicy as tasks become done (sample, low_confidence or disagreement, planId null).",
    access: ACCESS,
    query: ListReviewsQuery,
    responses: { 200: "{items, next}" },
  },
  {
    method: "post",
    path: "/reviews/{id}",
    tag: "Review",
    summary:
      "Decides an item: accept the aggregate; reject it (the task goes back to the labeling queue for one more round of overlap from new annotators, keeping its judgments); or correct it (the expert's value becomes the aggregate, confidence 1). All-or-nothing, logged. An item under another reviewer's live claim is review_taken; the caller's own expired claim still counts as theirs until another reviewer takes the item. Managers and admins may decide items another reviewer claimed.",
    access: ACCESS,
    body: VerdictBody,
    responses: {
      200: "{item}",
      400: "the corrected value does not fit the schema",
      409: "review_decided: already decided; review_taken: another reviewer holds a live claim (or took it after the caller's expired)",
    },
  },
  {
    method: "post",
    path: "/reviews/{id}/undo",
    tag: "Review",
    summary: `Takes back the caller's most recent verdict, within ${UNDO_WINDOW_MS / 60_000} minutes and before they decide another item: the item is pending again and claimed by the caller; a rejected task is done again (only while no annotator has taken it), a corrected task gets its earlier label back. Logged as review.undo. Returns the item to decide anew, with the verdict and note taken back.`,
    access: ACCESS,
    responses: {
      200: "{item, task, judgments, undone: {verdict, note}}",
      404: "no such item",
      409: "undo_unavailable: not the caller's latest verdict, too late, or the task has moved on",
    },
  },
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function itemView(item: ReviewItem) {
  return {
    ...item,
    createdAt: iso(item.createdAt),
    reviewedAt: iso(item.reviewedAt),
    claimedAt: iso(item.claimedAt),
    claimExpiresAt: iso(item.claimExpiresAt),
  };
}

function planView(plan: AuditPlan) {
  const { id, batchId, population, sampleSize, margin, confidence, createdBy, createdAt } = plan;
  return { id, batchId, population, sampleSize, margin, confidence, createdBy, createdAt: iso(createdAt) };
}

function summaryView({ plan, ...counts }: AuditPlanSummary) {
  return { plan: planView(plan), ...counts };
}

function workView(work: ReviewWork) {
  return {
    item: itemView(work.item),
    task: work.task,
    judgments: work.judgments.map((j) => ({ ...j, createdAt: iso(j.createdAt) })),
  };
}

export function reviewRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/projects/:id/audits", async (c) => {
    const user = requirePermission(c, "reviews.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, CreateAuditBody);
    const { database, now } = c.get("deps");
    const { plan, requiredSampleSize } = await createAuditPlan(database, {
      project,
      ...body,
      actorId: user.id,
      now: now(),
    });
    return c.json({ plan: { ...planView(plan), requiredSampleSize } }, 201);
  });

  app.get("/projects/:id/audits", async (c) => {
    requirePermission(c, "reviews.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { db } = c.get("deps").database;
    const plans = await listAuditPlans(db, project.id);
    return c.json({ plans: plans.map(summaryView), reviewPolicy: await readReviewPolicyOutcome(db, project.id) });
  });

  app.get("/projects/:id/audits/:planId", async (c) => {
    requirePermission(c, "reviews.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const summary = await getAuditPlan(c.get("deps").database.db, project.id, idParam(c, "planId"));
    if (!summary) throw notFound("Audit plan");
    return c.json(summaryView(summary));
  });

  app.post("/projects/:id/reviews/enqueue", async (c) => {
    const user = requirePermission(c, "reviews.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, EnqueueReviewsBody);
    const { database, now } = c.get("deps");
    return c.json(
      await enqueueForReview(database.db, { projectId: project.id, ...body, actorId: user.id, now: now() }),
    );
  });

  app.post("/projects/:id/reviews/next", async (c) => {
    const user = requirePermission(c, "reviews.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { skip } = readQuery(c, NextReviewQuery);
    const { database, now } = c.get("deps");
    const work = await claimNextReview(database, { projectId: project.id, reviewerId: user.id, skip, now: now() });
    if (!work) return c.body(null, 204);
    return c.json(workView(work));
  });

  app.post("/projects/:id/reviews/:itemId/release", async (c) => {
    const user = requirePermission(c, "reviews.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    const item = await releaseReview(database, {
      projectId: project.id,
      itemId: idParam(c, "itemId"),
      actorId: user.id,
      override: can(user.role, "projects.manage"),
      now: now(),
    });
    return c.json({ item: itemView(item) });
  });

  app.get("/projects/:id/reviews", async (c) => {
    requirePermission(c, "reviews.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const query = readQuery(c, ListReviewsQuery);
    const items = await listReviewItems(c.get("deps").database.db, project.id, query);
    return c.json({
      items: items.map(itemView),
      next: items.length === query.limit ? items[items.length - 1]?.id : null,
    });
  });

  app.post("/reviews/:id", async (c) => {
    const user = requirePermission(c, "reviews.work");
    const itemId = idParam(c, "id");
    const body = await readJson(c, VerdictBody);
    const { database, now } = c.get("deps");
    const item = await decideReview(database, {
      itemId,
      reviewerId: user.id,
      verdict: body.verdict,
      value: body.value,
      note: body.note,
      activeMs: body.activeMs,
      override: can(user.role, "projects.manage"),
      now: now(),
    });
    return c.json({ item: itemView(item) });
  });

  app.post("/reviews/:id/undo", async (c) => {
    const user = requirePermission(c, "reviews.work");
    const { database, now } = c.get("deps");
    const { undone, ...work } = await undoReview(database, {
      itemId: idParam(c, "id"),
      reviewerId: user.id,
      now: now(),
    });
    return c.json({ ...workView(work), undone });
  });

  return app;
}
