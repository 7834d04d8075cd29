import { notFound, scopedQualityReport } from "@quorum/core";
import {
  getUser,
  listQualityActions,
  projectQuality,
  refitProject,
  reverseQualityAction,
  setAnnotatorStatus,
  writeAudit,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryInteger, readJson, readQuery } from "../validate.js";
import { visibilityOf } from "./people-scope.js";
import { visibleProject } from "./project-access.js";

export const QualityQuery = z.object({ days: queryInteger().pipe(z.number().min(1).max(180)).default(14) });
export const AnnotatorStatusBody = z.object({
  status: z.enum(["ok", "paused", "retrain", "flagged"]),
  reason: z.string().min(1).max(500),
});

export const qualityDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects/{id}/quality",
    tag: "Quality",
    summary:
      "Over every judgment of the project (read from roll-ups kept in the judgment's transaction): gold accuracy (overall and per day, with 95% Wilson intervals), agreement (percent, Fleiss' kappa, Krippendorff's alpha) by language and guideline version, confusion matrix, annotator quality table with each annotator's Cohen's kappa against the rest, the annotator pairs with the lowest Cohen's kappa (at least 10 tasks in common), calibration of the task confidences on gold (reliability diagram bins and ECE), gold accuracy and ECE per task language (miscalibrated languages flagged), settled vs uncertain tasks.",
    access:
      "stats.read; a vendor lead sees only their vendor's annotators in the annotator table and only pairs of them in the pairs list",
    query: QualityQuery,
    responses: { 200: "the quality report" },
  },
  {
    method: "post",
    path: "/projects/{id}/quality/refit",
    tag: "Quality",
    summary:
      "Re-fits truth inference (Dawid-Skene; order-aware for ratings; gold clamped) over every judgment and recalibrates the online posteriors.",
    access: "projects.manage",
    responses: { 200: "{tasks, judgments, iterations, method}" },
  },
  {
    method: "get",
    path: "/projects/{id}/quality/actions",
    tag: "Quality",
    summary: "Automatic and manual actions on annotators (pause, retrain, flag), newest first.",
    access: "stats.read; a vendor lead sees only actions on their vendor's annotators",
    responses: { 200: "{actions}" },
  },
  {
    method: "post",
    path: "/projects/{id}/quality/actions/{actionId}/reverse",
    tag: "Quality",
    summary: "Reverses an action: the annotator's status returns to ok (logged).",
    access: "projects.manage",
    responses: { 204: "reversed", 409: "already reversed" },
  },
  {
    method: "post",
    path: "/projects/{id}/annotators/{annotatorId}/status",
    tag: "Quality",
    summary:
      "Sets an annotator's status in the project by hand (pause, retrain, flag, ok), with a reason. The user must be an annotator.",
    access: "projects.manage",
    body: AnnotatorStatusBody,
    responses: { 204: "set", 404: "no annotator with this id" },
  },
];

export function qualityRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/projects/:id/quality", async (c) => {
    const user = requirePermission(c, "stats.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { days } = readQuery(c, QualityQuery);
    const { database, now } = c.get("deps");
    const report = await projectQuality(database.db, project, now(), days);
    const visibility = await visibilityOf(c, user);
    return c.json(scopedQualityReport(report, visibility.sees));
  });
  app.post("/projects/:id/quality/refit", async (c) => {
    requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    return c.json(await refitProject(database.db, project, now()));
  });
  app.get("/projects/:id/quality/actions", async (c) => {
    const user = requirePermission(c, "stats.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const actions = await listQualityActions(c.get("deps").database.db, project.id);
    const visibility = await visibilityOf(c, user);
    return c.json({
      actions: actions
        .filter((a) => visibility.sees(a.annotator_id))
        .map((a) => ({
          id: a.id,
          annotatorId: a.annotator_id,
          annotatorName: a.name,
          action: a.action,
          reason: a.reason,
          automatic: a.actor_id === null,
          createdAt: new Date(a.created_at).toISOString(),
          reversedAt: a.reversed_at === null ? null : new Date(a.reversed_at).toISOString(),
        })),
    });
  });
  app.post("/projects/:id/quality/actions/:actionId/reverse", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    const reversed = await reverseQualityAction(database.db, project.id, idParam(c, "actionId"), user.id, now());
    if (!reversed) throw notFound("Open action");
    return c.body(null, 204);
  });
  app.post("/projects/:id/annotators/:annotatorId/status", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const annotatorId = idParam(c, "annotatorId");
    const body = await readJson(c, AnnotatorStatusBody);
    const { database, now } = c.get("deps");
    const annotator = await getUser(database.db, annotatorId);
    if (annotator?.role !== "annotator") throw notFound("Annotator");
    await setAnnotatorStatus(database.db, {
      projectId: project.id,
      annotatorId,
      status: body.status,
      reason: body.reason,
      actorId: user.id,
      now: now(),
    });
    await writeAudit(database.db, {
      projectId: project.id,
      actorId: user.id,
      action: "quality.status",
      details: { annotatorId, status: body.status, reason: body.reason },
      now: now(),
    });
    return c.body(null, 204);
  });
  return app;
}
