import type { Lease } from "@quorum/core";
import {
  endLease,
  getProjectCached,
  leaseNextTaskAnywhere,
  leaseNextTaskOrReason,
  listHeldLeases,
  submitJudgment,
} from "@quorum/storage";
import { Hono } from "hono";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import { recordJudgmentEvents } from "../monitoring/judgment-events.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";
import { acceptJudgmentBody, JudgmentBody } from "./judgment-body.js";
import { visibleProject } from "./project-access.js";
import { annotatorProjectView } from "./views.js";

export { JudgmentBody };

export const assignmentDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/projects/{id}/assignments/next",
    tag: "Labeling",
    summary:
      "Leases the best task for the calling annotator (requirements met, not done by them, overlap not full; highest priority, then earliest deadline, then oldest). Never includes gold answers or others' judgments.",
    access: "labels.work (annotators eligible for the project)",
    responses: {
      200: "{assignment: {id, task: {id, data}, expiresAt, guidelineVersion, toolVariant}}: toolVariant is the labeling view to show (standard, no_key_hints: no shortcut key printed on the options, option_grid: options in two columns), set by a running experiment's arm",
      204: "nothing left for this annotator; header Quorum-No-Task-Reason says why when wellbeing limits held harmful tasks back (exposure_budget_reached, or session_break with Retry-After)",
    },
  },
  {
    method: "post",
    path: "/assignments/next",
    tag: "Labeling",
    summary:
      "Next task anywhere: leases the best task over every project the calling annotator may work on (active, requirements met): the highest project priority first, then batch priority, then earliest deadline, then oldest. One indexed read per eligible project and language; never a task of a project they are not eligible for. The project comes as GET /projects/{id} gives it to annotators.",
    access: "labels.work",
    responses: {
      200: "{assignment: {id, projectId, task: {id, data}, expiresAt, guidelineVersion, toolVariant}, project}",
      204: "nothing left for this annotator in any project",
    },
  },
  {
    method: "get",
    path: "/projects/{id}/assignments",
    tag: "Labeling",
    summary: "The caller's unexpired leases in this project, oldest first (to resume after a reload).",
    access: "labels.work",
    responses: { 200: "{assignments}" },
  },
  {
    method: "post",
    path: "/assignments/{id}/judgment",
    tag: "Labeling",
    summary:
      "Submits the answer for a lease. Idempotent on clientKey. Gold tasks answer with the correct answer and explanation after the judgment is stored.",
    access: "labels.work (the lease holder)",
    body: JudgmentBody,
    example: { value: 3, activeMs: 8400, clientKey: "2f1c9a-17" },
    responses: {
      201: "{judgment, gold?}",
      200: "{judgment} already stored with this clientKey",
      400: "value does not fit the schema",
      409: "lease_expired, or already submitted",
    },
  },
  {
    method: "post",
    path: "/assignments/{id}/skip",
    tag: "Labeling",
    summary: "Skips the task: the slot returns to the pool and it is not offered to this annotator again.",
    access: "labels.work (the lease holder)",
    responses: { 204: "skipped", 409: "not active" },
  },
  {
    method: "post",
    path: "/assignments/{id}/release",
    tag: "Labeling",
    summary: "Gives the lease back (e.g. stopping work).",
    access: "labels.work (the lease holder)",
    responses: { 204: "released", 409: "not active" },
  },
];

/** Why a 204 from `assignments/next` came: a wellbeing limit (core's `ExposureReason`), when one did. */
export const NO_TASK_REASON_HEADER = "Quorum-No-Task-Reason";

export function assignmentView(lease: Lease) {
  return {
    id: lease.id,
    projectId: lease.projectId,
    task: { id: lease.task.id, data: lease.task.data },
    createdAt: new Date(lease.createdAt).toISOString(),
    expiresAt: new Date(lease.expiresAt).toISOString(),
    guidelineVersion: lease.guidelineVersion,
    /** The labeling view's variant (an experiment arm's `toolVariant`); "standard" outside experiments. */
    toolVariant: lease.toolVariant ?? "standard",
  };
}
export type AssignmentView = ReturnType<typeof assignmentView>;

export function assignmentRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/projects/:id/assignments/next", async (c) => {
    requirePermission(c, "labels.work");
    const { project, user } = await visibleProject(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    const at = now();
    const { lease, reason, breakUntil } = await leaseNextTaskOrReason(database, { project, annotator: user, now: at });
    if (!lease) {
      if (reason) c.header(NO_TASK_REASON_HEADER, reason);
      if (breakUntil) c.header("Retry-After", String(Math.max(1, Math.ceil((breakUntil - at) / 1000))));
      return c.body(null, 204);
    }
    return c.json({ assignment: assignmentView(lease) });
  });

  app.post("/assignments/next", async (c) => {
    const user = requirePermission(c, "labels.work");
    const { database, now } = c.get("deps");
    const next = await leaseNextTaskAnywhere(database, { annotator: user, now: now() });
    if (!next) return c.body(null, 204);
    return c.json({ assignment: assignmentView(next.lease), project: annotatorProjectView(next.project) });
  });

  app.get("/projects/:id/assignments", async (c) => {
    requirePermission(c, "labels.work");
    const { project, user } = await visibleProject(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    const leases = await listHeldLeases(database, project, user.id, now());
    return c.json({ assignments: leases.map(assignmentView) });
  });

  app.post("/assignments/:id/judgment", async (c) => {
    const user = requirePermission(c, "labels.work");
    const id = idParam(c, "id");
    const body = await readJson(c, JudgmentBody, acceptJudgmentBody);
    const { database, now, log } = c.get("deps");
    // The assignment is read (and checked to be the caller's) once, in the judgment's transaction.
    const result = await submitJudgment(database, {
      project: (projectId, trx) => getProjectCached(database.db, projectId, trx),
      assignmentId: id,
      annotatorId: user.id,
      value: body.value,
      activeMs: body.activeMs,
      clientKey: body.clientKey,
      now: now(),
      annotatorTimeZone: user.timeZone ?? null,
    });
    const { judgment } = result;
    if (result.created)
      await recordJudgmentEvents(database, { projectId: judgment.projectId, taskId: judgment.taskId, now: now(), log });
    return c.json(
      {
        judgment: {
          id: judgment.id,
          assignmentId: judgment.assignmentId,
          taskId: judgment.taskId,
          value: judgment.value,
          activeMs: judgment.activeMs,
          guidelineVersion: judgment.guidelineVersion,
          createdAt: new Date(judgment.createdAt).toISOString(),
        },
        ...(result.gold ? { gold: result.gold } : {}),
      },
      result.created ? 201 : 200,
    );
  });

  for (const [action, outcome] of [
    ["skip", "skipped"],
    ["release", "released"],
  ] as const) {
    app.post(`/assignments/:id/${action}`, async (c) => {
      const user = requirePermission(c, "labels.work");
      const { database, now } = c.get("deps");
      await endLease(database.db, { assignmentId: idParam(c, "id"), annotatorId: user.id, outcome, now: now() });
      return c.body(null, 204);
    });
  }

  return app;
}
