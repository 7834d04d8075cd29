import { can, forbidden, seesGold } from "@quorum/core";
import { decideAppeal, fileAppeal, listAppealable, listAppeals, listMissedGoldOfAppeals } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";
import { ReaderQuery, requestDayWriter } from "./reader-param.js";
import { appealableView, appealView, supportScope } from "./support-views.js";

export const FileAppealBody = z
  .object({
    judgmentId: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("a judgment of the caller's rejected by a review or gold"),
    qualityActionId: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("an automatic quality action taken on the caller (a pause, retraining or flag)"),
    reason: z.string().trim().min(1).max(5000),
  })
  .superRefine((body, ctx) => {
    const given = [body.judgmentId, body.qualityActionId].filter((id) => id !== undefined).length;
    if (given !== 1)
      for (const path of ["judgmentId", "qualityActionId"])
        ctx.addIssue({
          code: "custom",
          path: [path],
          message: given === 0 ? "give judgmentId or qualityActionId" : "give judgmentId or qualityActionId, not both",
        });
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
      "An annotator appeals, within the project's filing window (appeal_window_closed after it), exactly one of: a judgment of theirs rejected by a review or a gold answer (`judgmentId`; a hidden control's gold answer is refused like a judgment never rejected unless the project gives feedback on hidden controls), or an automatic quality action taken on them (`qualityActionId`: a rule's pause, retraining or flag still in force). One appeal per judgment or action; both or neither field is a 400 naming them. A late filing's message names the day the window closed in `timeZone` (default: the annotator's own zone, else the workspace's) and `locale`.",
    access: "labels.work (own judgments and actions)",
    query: ReaderQuery,
    body: FileAppealBody,
    responses: { 201: "{id, decideDueAt}" },
  },
  {
    method: "get",
    path: "/support/appeals",
    tag: "Support",
    summary:
      "Appeals, newest first (200): staff see all, a vendor lead their own people's, an annotator their own; each says whether its decision is overdue. An action appeal carries its `qualityAction`; to roles that read gold, with its full reason and `misses` (the annotator's missed gold answers in the project up to the action: task, answer given, gold answer, how the task was served), to others with the annotator's wording. To roles that do not read gold, an appeal of a hidden control's miss filed by judgment (before such misses were withheld from appeal, or while the project told of hidden controls) names no task, judgment or answer (`taskId`, `judgmentId` and `value` null).",
    access: "labels.work or projects.read",
    query: ListAppealsQuery,
    responses: { 200: "{appeals}" },
  },
  {
    method: "get",
    path: "/support/appealable",
    tag: "Support",
    summary:
      "What the caller may still appeal inside each project's filing window: `judgments` rejected by a review or a gold answer (not the gold answers of hidden controls the project gives no feedback on), and `actions`: automatic quality actions taken on them (pause, retraining, flag), named by project, action and a reason that names no task.",
    access: "labels.work",
    responses: { 200: "{judgments, actions}" },
  },
  {
    method: "post",
    path: "/projects/{id}/appeals/{appealId}/decision",
    tag: "Support",
    summary:
      "Decides a pending appeal. Upheld reverses the rejection's quality and pay effects (new ledger rows, the gold answer counted correct, automatic actions it caused reversed), or for an action appeal reverses the action (the annotator's status back as a manager's reversal sets it; 409 if reversed meanwhile); rejected changes nothing.",
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
    const { judgmentId, qualityActionId, reason } = await readJson(c, FileAppealBody);
    // A late filing's refusal names the day the window closed, for the annotator.
    const writeDay = await requestDayWriter(c, readQuery(c, ReaderQuery), { userId: user.id });
    const { database, now } = c.get("deps");
    const target = judgmentId !== undefined ? { judgmentId } : { qualityActionId: qualityActionId! };
    const filed = await fileAppeal(database, {
      projectId: project.id,
      annotatorId: user.id,
      ...target,
      reason,
      now: now(),
      writeDay,
    });
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
    // Only roles that read gold see the misses behind an action and the task of a hidden miss.
    const goldReader = seesGold(user);
    const actionAppeals = goldReader ? rows.filter((row) => row.qualityAction).map((row) => row.id) : [];
    const misses = await listMissedGoldOfAppeals(database.db, actionAppeals);
    const appeals = rows.map((row) =>
      appealView(row, at, {
        seesGold: goldReader,
        ...(goldReader && row.qualityAction ? { misses: misses.get(row.id) ?? [] } : {}),
      }),
    );
    return c.json({ appeals });
  });
  app.get("/support/appealable", async (c) => {
    const user = requirePermission(c, "labels.work");
    const { database, now } = c.get("deps");
    return c.json(appealableView(await listAppealable(database.db, user.id, now())));
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
