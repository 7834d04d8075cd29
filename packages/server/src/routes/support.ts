import { can, forbidden, notFound, THREAD_STATUSES, type User } from "@quorum/core";
import {
  countQuestionsBySection,
  getThread,
  listSupportMessages,
  listThreads,
  postSupportMessage,
  readSupportPolicy,
  readSupportSettings,
  updateSupportThread,
  WORKSPACE_SETTINGS,
  writeSupportSettings,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";
import { inSupportScope, supportScope, threadView } from "./support-views.js";

export const ListThreadsQuery = z.object({
  status: z.enum(THREAD_STATUSES).optional(),
  breached: z
    .enum(["true", "false"])
    .optional()
    .describe(
      "true: only threads whose first answer was late or is overdue; false: only those answered in time or not yet due",
    ),
  overdue: z.enum(["true"]).optional().describe("true: the overdue list, threads still unanswered past their due time"),
  projectId: z.coerce.number().int().positive().optional(),
  section: z.string().trim().min(1).max(200).optional(),
  label: z.string().trim().min(1).max(200).optional(),
  assigneeId: z.coerce.number().int().positive().optional(),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe("the next page: threads older than this id (the previous page's nextBefore)"),
});
export const SupportMessageBody = z.object({ body: z.string().trim().min(1).max(5000) });
export const UpdateThreadBody = z
  .object({
    status: z.enum(THREAD_STATUSES).optional().describe("resolved closes the thread; open or answered reopens it"),
    assigneeId: z.number().int().positive().nullable().optional(),
    section: z.string().trim().min(1).max(200).nullable().optional(),
    label: z.string().trim().min(1).max(200).nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "nothing to change" });
export const SupportSettingsBody = z.object({
  firstResponseHours: z.number().positive().max(2160).nullable().optional(),
  appealFileDays: z.number().int().min(1).max(365).nullable().optional(),
  appealDecideDays: z.number().int().min(1).max(365).nullable().optional(),
});
type SupportSettingsBody = z.infer<typeof SupportSettingsBody>;

/** The stored fields after a PATCH: a given field replaces, null clears, absent keeps. */
function mergedSettings(stored: Partial<Record<keyof SupportSettingsBody, number>>, body: SupportSettingsBody) {
  const pick = (key: keyof SupportSettingsBody) => (body[key] === undefined ? (stored[key] ?? null) : body[key]);
  return {
    firstResponseHours: pick("firstResponseHours"),
    appealFileDays: pick("appealFileDays"),
    appealDecideDays: pick("appealDecideDays"),
  };
}
export const HotSpotsQuery = z.object({ sinceDays: z.coerce.number().int().min(1).max(3650).optional() });

export const supportDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/support/threads",
    tag: "Support",
    summary:
      "The support inbox across projects, newest first, 200 a page (nextBefore, when there are older threads, asks for the next page as `before`): staff see every thread, a vendor lead their own people's, an annotator their own. Each thread carries its first-response SLA (due time, breached); overdue=true is the overdue list (unanswered past due), breached=true adds those answered late.",
    access: "labels.work or projects.read",
    query: ListThreadsQuery,
    responses: { 200: "{threads, nextBefore}" },
  },
  {
    method: "get",
    path: "/projects/{id}/questions/{questionId}",
    tag: "Support",
    summary: "One thread with its messages: the asker, their vendor lead and staff may read it.",
    access: "signed in (the asker, their vendor lead, or projects.read)",
    responses: { 200: "{thread, messages}" },
  },
  {
    method: "post",
    path: "/projects/{id}/questions/{questionId}/messages",
    tag: "Support",
    summary:
      "A reply in a thread: staff answer it (the first staff reply meets or misses the SLA), the asker's reply sends it back to staff. A resolved thread takes no replies (409).",
    access: "reviews.work, or the asker",
    body: SupportMessageBody,
    responses: { 201: "{id, status}" },
  },
  {
    method: "patch",
    path: "/projects/{id}/questions/{questionId}",
    tag: "Support",
    summary:
      "Triage: resolve or reopen, assign to a reviewer or manager, or file under a guideline section and label. The asker may only resolve their own thread.",
    access: "reviews.work, or the asker (status resolved only)",
    body: UpdateThreadBody,
    responses: { 204: "updated" },
  },
  {
    method: "get",
    path: "/projects/{id}/support/hot-spots",
    tag: "Support",
    summary:
      "Questions counted per guideline section × label (open, answered, resolved), most asked first: the parts of the guidelines people find unclear.",
    access: "reviews.work",
    query: HotSpotsQuery,
    responses: { 200: "{cells, sections, labels}" },
  },
  {
    method: "get",
    path: "/projects/{id}/support/settings",
    tag: "Support",
    summary:
      "The project's support policy in force (first-response hours, appeal filing and decision days) and what the project sets itself.",
    access: "projects.read",
    responses: { 200: "{policy, project}" },
  },
  {
    method: "patch",
    path: "/projects/{id}/support/settings",
    tag: "Support",
    summary: "Sets the project's support policy; a null field falls back to the workspace's.",
    access: "projects.manage",
    body: SupportSettingsBody,
    responses: { 200: "{policy, project}" },
  },
  {
    method: "get",
    path: "/support/settings",
    tag: "Support",
    summary: "The workspace's support policy (defaults: 24 h first response, 7 days to appeal, 5 days to decide).",
    access: "projects.read",
    responses: { 200: "{policy, workspace}" },
  },
  {
    method: "patch",
    path: "/support/settings",
    tag: "Support",
    summary: "Sets the workspace's support policy; a null field falls back to the default.",
    access: "projects.manage",
    body: SupportSettingsBody,
    responses: { 200: "{policy, workspace}" },
  },
];

function requireSupportReader(c: Parameters<typeof currentUser>[0]): User {
  const user = currentUser(c);
  if (!can(user.role, "labels.work") && !can(user.role, "projects.read")) throw forbidden();
  return user;
}

/** Threads in one page of the inbox. */
export const THREADS_PER_PAGE = 200;

export function supportRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/support/threads", async (c) => {
    const user = requireSupportReader(c);
    const query = readQuery(c, ListThreadsQuery);
    const { database, now } = c.get("deps");
    const scope = await supportScope(c, user);
    const at = now();
    const rows = await listThreads(database.db, {
      ...(scope ?? {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.projectId ? { projectId: query.projectId } : {}),
      ...(query.section ? { section: query.section } : {}),
      ...(query.label ? { label: query.label } : {}),
      ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
      ...(query.breached === "true" ? { breachedAt: at } : {}),
      ...(query.breached === "false" ? { inTimeAt: at } : {}),
      ...(query.overdue ? { overdueAt: at } : {}),
      ...(query.before ? { beforeId: query.before } : {}),
      limit: THREADS_PER_PAGE,
    });
    const nextBefore = rows.length === THREADS_PER_PAGE ? rows[rows.length - 1]!.id : null;
    return c.json({ threads: rows.map((r) => threadView(r, at)), nextBefore });
  });
  app.get("/projects/:id/questions/:questionId", async (c) => {
    const user = requireSupportReader(c);
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    const thread = await getThread(database.db, project.id, idParam(c, "questionId"));
    if (!thread || !inSupportScope(await supportScope(c, user), thread.annotatorId)) throw notFound("Question");
    const messages = await listSupportMessages(database.db, project.id, thread.id);
    return c.json({ thread: threadView(thread, now()), messages });
  });
  app.post("/projects/:id/questions/:questionId/messages", async (c) => {
    const user = currentUser(c);
    const fromStaff = can(user.role, "reviews.work");
    if (!fromStaff && !can(user.role, "labels.work")) throw forbidden();
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { body } = await readJson(c, SupportMessageBody);
    const { database, now } = c.get("deps");
    const posted = await postSupportMessage(database, {
      projectId: project.id,
      questionId: idParam(c, "questionId"),
      authorId: user.id,
      fromStaff,
      body,
      now: now(),
    });
    return c.json(posted, 201);
  });
  app.patch("/projects/:id/questions/:questionId", async (c) => {
    const user = currentUser(c);
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, UpdateThreadBody);
    const { database, now } = c.get("deps");
    const questionId = idParam(c, "questionId");
    if (!can(user.role, "reviews.work")) {
      const own = can(user.role, "labels.work") ? await getThread(database.db, project.id, questionId) : undefined;
      if (!own || own.annotatorId !== user.id) throw notFound("Question");
      if (body.status !== "resolved" || Object.keys(body).length !== 1)
        throw forbidden("The asker may only resolve their own thread");
    }
    await updateSupportThread(database.db, {
      projectId: project.id,
      questionId,
      actorId: user.id,
      ...body,
      now: now(),
    });
    return c.body(null, 204);
  });
  app.get("/projects/:id/support/hot-spots", async (c) => {
    requirePermission(c, "reviews.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { sinceDays } = readQuery(c, HotSpotsQuery);
    const { database, now } = c.get("deps");
    const since = sinceDays === undefined ? undefined : now() - sinceDays * 86_400_000;
    const cells = await countQuestionsBySection(database.db, project.id, since);
    const tally = (key: "section" | "label") => {
      const sums = new Map<string | null, number>();
      for (const cell of cells) sums.set(cell[key], (sums.get(cell[key]) ?? 0) + cell.total);
      return [...sums].map(([name, total]) => ({ name, total })).sort((a, b) => b.total - a.total);
    };
    return c.json({ cells, sections: tally("section"), labels: tally("label") });
  });
  app.get("/projects/:id/support/settings", async (c) => {
    requirePermission(c, "projects.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { db } = c.get("deps").database;
    return c.json({
      policy: await readSupportPolicy(db, project.id),
      project: await readSupportSettings(db, project.id),
    });
  });
  app.patch("/projects/:id/support/settings", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, SupportSettingsBody);
    const { database, now } = c.get("deps");
    const { db } = database;
    const settings = mergedSettings(await readSupportSettings(db, project.id), body);
    await writeSupportSettings(db, project.id, settings, { id: user.id, now: now() });
    return c.json({
      policy: await readSupportPolicy(db, project.id),
      project: await readSupportSettings(db, project.id),
    });
  });
  app.get("/support/settings", async (c) => {
    requirePermission(c, "projects.read");
    const { db } = c.get("deps").database;
    return c.json({
      policy: await readSupportPolicy(db, WORKSPACE_SETTINGS),
      workspace: await readSupportSettings(db, WORKSPACE_SETTINGS),
    });
  });
  app.patch("/support/settings", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const body = await readJson(c, SupportSettingsBody);
    const { database, now } = c.get("deps");
    const { db } = database;
    const settings = mergedSettings(await readSupportSettings(db, WORKSPACE_SETTINGS), body);
    await writeSupportSettings(db, WORKSPACE_SETTINGS, settings, { id: user.id, now: now() });
    return c.json({
      policy: await readSupportPolicy(db, WORKSPACE_SETTINGS),
      workspace: await readSupportSettings(db, WORKSPACE_SETTINGS),
    });
  });
  return app;
}
