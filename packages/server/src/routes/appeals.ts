import { can, forbidden } from "@quorum/core";
import { decideAppeal, fileAppeal, listAppealableJudgments, listAppeals, readSupportPolicy } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";
import { appealView, supportScope } from "./support-views.js";

const DAY_MS = 86_400_000;

export const FileAppealBody = z.object({
  judgmentId: z.number().int().positive(),
  reason: z.string().trim().min(1).max(5000),
});
export const DecideAppealBody = z.object({
  decision: z.enum(["upheld", "rejected"]),
  note: z.string().trim().max(5000).optional(),
});
export const ListAppealsQuery = z.object({
  status: z.enum(["pending", "upheld", "rejected"]).optional(),
  projectId: z.coerce.number().int().positive().optional(),
  overdue: z.enum(["true"]).optional().describe("true: only pending appeals past their decision time"),
});

export const appealDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/projects/{id}/appeals",
    tag: "Support",
    summary:
      "An annotator appeals one of their judgments rejected by a review or a gold answer, within the project's filing window (appeal_window_closed after it; one appeal per judgment).",
    access: "labels.work (own judgments)",
    body: FileAppealBody,
    responses: { 201: "{id, decideDueAt}" },
  },
  {
    method: "get",
    path: "/support/appeals",
    tag: "Support",
    summary:
      "Appeals, newest first (200): staff see all, a vendor lead their own people's, an annotator their own; each says whether its decision is overdue.",
    access: "labels.work or projects.read",
    query: ListAppealsQuery,
    responses: { 200: "{appeals}" },
  },
  {
    method: "get",
    path: "/support/appealable",
    tag: "Support",
    summary: "The caller's rejected judgments that may still be appealed (inside each project's filing window).",
    access: "labels.work",
    responses: { 200: "{judgments}" },
  },
  {
    method: "post",
    path: "/projects/{id}/appeals/{appealId}/decision",
    tag: "Support",
    summary:
      "Decides a pending appeal. Upheld reverses the rejection's quality and pay effects (new ledger rows, the gold answer counted correct, automatic actions it caused reversed); rejected changes nothing.",
    access:
      "reviews.work; not on one's own appeal, nor by the person whose rejection is contested (an admin only when no other active admin, manager or reviewer exists)",
    body: DecideAppealBody,
    responses: {
      204: "decided",
      403: "appeal_own_rejection: the caller made the rejection; another reviewer, manager or admin decides",
      409: "appeal_decided",
    },
  },
];

export function appealRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/projects/:id/appeals", async (c) => {
    const user = requirePermission(c, "labels.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, FileAppealBody);
    const { database, now } = c.get("deps");
    const filed = await fileAppeal(database, { projectId: project.id, annotatorId: user.id, ...body, now: now() });
    return c.json({ id: filed.id, decideDueAt: new Date(filed.decideDueAt).toISOString() }, 201);
  });
  app.get("/support/appeals", async (c) => {
    const user = currentUser(c);
    if (!can(user.role, "labels.work") && !can(user.role, "projects.read")) throw forbidden();
    const query = readQuery(c, ListAppealsQuery);
    const { database, now } = c.get("deps");
    const at = now();
    const rows = await listAppeals(database.db, {
      ...((await supportScope(c, user)) ?? {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.projectId ? { projectId: query.projectId } : {}),
      ...(query.overdue ? { overdueAt: at } : {}),
    });
    return c.json({ appeals: rows.map((r) => appealView(r, at)) });
  });
  app.get("/support/appealable", async (c) => {
    const user = requirePermission(c, "labels.work");
    const { database, now } = c.get("deps");
    const at = now();
    const { db } = database;
    // A year bounds the read (the longest window a policy allows); each project's own window then filters.
    const rows = await listAppealableJudgments(db, user.id, at - 365 * DAY_MS);
    const windows = new Map<number, number>();
    for (const row of rows)
      if (!windows.has(row.projectId))
        windows.set(row.projectId, (await readSupportPolicy(db, row.projectId)).appealFileDays);
    const judgments = rows
      .map((r) => ({ ...r, closesAt: r.rejectedAt + windows.get(r.projectId)! * DAY_MS }))
      .filter((r) => r.closesAt >= at)
      .map((r) => ({
        ...r,
        rejectedAt: new Date(r.rejectedAt).toISOString(),
        closesAt: new Date(r.closesAt).toISOString(),
      }));
    return c.json({ judgments });
  });
  app.post("/projects/:id/appeals/:appealId/decision", async (c) => {
    const user = requirePermission(c, "reviews.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, DecideAppealBody);
    const { database, now } = c.get("deps");
    await decideAppeal(database, {
      projectId: project.id,
      appealId: idParam(c, "appealId"),
      deciderId: user.id,
      decision: body.decision,
      note: body.note ?? null,
      now: now(),
    });
    return c.body(null, 204);
  });
  return app;
}
