import { eventShowsGoldTo, eventVisibleTo, THREAD_STATUSES } from "@quorum/core";
import { askSupportQuestion, countQuestions, listQuestions, postSupportMessage, recentActivity } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryId, readJson, readQuery } from "../validate.js";
import { visibilityOf } from "./people-scope.js";
import { visibleProject } from "./project-access.js";
import { supportScope, threadView } from "./support-views.js";

export const AskQuestionBody = z.object({
  assignmentId: z.number().int().positive().nullable().optional(),
  taskId: z.number().int().positive().optional().describe("ignored: the task is the assignment's"),
  text: z.string().trim().min(1).max(5000),
  section: z.string().trim().min(1).max(200).optional().describe("heading of the guideline section it is about"),
  label: z.string().trim().min(1).max(200).optional().describe("the label the annotator is unsure about"),
});
export const AnswerQuestionBody = z.object({ answer: z.string().trim().min(1).max(5000) });
export const ListQuestionsQuery = z.object({
  status: z.enum(THREAD_STATUSES).optional(),
  before: queryId().optional().describe("the next page: questions older than this id (the previous page's nextBefore)"),
});

/** Questions in one page of a project's list. */
export const QUESTIONS_PER_PAGE = 200;

export const questionDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/projects/{id}/questions",
    tag: "Support",
    summary:
      "An annotator flags a case as unclear: a question with the task of one of their own assignments attached, optionally about a guideline section (a heading of the guidelines in force) and a label. Opens a support thread whose first answer is due by the project's support policy.",
    access: "labels.work (eligible annotators)",
    body: AskQuestionBody,
    responses: { 201: "{id}" },
  },
  {
    method: "get",
    path: "/projects/{id}/questions",
    tag: "Support",
    summary:
      "Questions, newest first, 200 a page (nextBefore, when there are older ones, asks for the next page as `before`), and `total`: how many match on every page together. Staff see all, a vendor lead their vendor's annotators', an annotator their own.",
    access: "signed in (project visible)",
    query: ListQuestionsQuery,
    responses: { 200: "{questions, nextBefore, total}" },
  },
  {
    method: "post",
    path: "/projects/{id}/questions/{questionId}/answer",
    tag: "Support",
    summary: "Answers a question (the annotator sees the answer): a staff reply in its thread.",
    access: "reviews.work (admin, manager, reviewer)",
    body: AnswerQuestionBody,
    responses: { 204: "answered" },
  },
  {
    method: "get",
    path: "/projects/{id}/activity",
    tag: "Stats",
    summary:
      "Recent judgments (who, what, how long) and logged events. Gold answer changes (`task.gold`) only for those who read gold. A vendor lead sees only their vendor's annotators' judgments, and no event made by or about anyone else. Each event names its actor (actorId, actorName, actorRole).",
    access: "stats.read",
    responses: { 200: "{judgments, events}" },
  },
];

export function questionRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/projects/:id/questions", async (c) => {
    const user = requirePermission(c, "labels.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, AskQuestionBody);
    const { database, now } = c.get("deps");
    const id = await askSupportQuestion(database, {
      project,
      annotatorId: user.id,
      assignmentId: body.assignmentId ?? null,
      text: body.text,
      section: body.section,
      label: body.label,
      now: now(),
    });
    return c.json({ id }, 201);
  });
  app.get("/projects/:id/questions", async (c) => {
    const user = currentUser(c);
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { status, before } = readQuery(c, ListQuestionsQuery);
    // Whose questions, in the query itself: filtering a page afterwards would leave a vendor lead
    // an empty list once 200 newer questions came from other vendors' people.
    const scope = await supportScope(c, user);
    const filter = { ...(scope ?? {}), ...(status ? { status } : {}) };
    const db = c.get("deps").database.db;
    const [questions, total] = await Promise.all([
      listQuestions(db, project.id, {
        ...filter,
        ...(before ? { beforeId: before } : {}),
        limit: QUESTIONS_PER_PAGE,
      }),
      countQuestions(db, project.id, filter),
    ]);
    const at = c.get("deps").now();
    const nextBefore = questions.length === QUESTIONS_PER_PAGE ? questions[questions.length - 1]!.id : null;
    return c.json({ questions: questions.map((q) => threadView(q, at)), nextBefore, total });
  });
  app.post("/projects/:id/questions/:questionId/answer", async (c) => {
    const user = requirePermission(c, "reviews.work");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, AnswerQuestionBody);
    const { database, now } = c.get("deps");
    await postSupportMessage(database, {
      projectId: project.id,
      questionId: idParam(c, "questionId"),
      authorId: user.id,
      fromStaff: true,
      body: body.answer,
      now: now(),
    });
    return c.body(null, 204);
  });
  app.get("/projects/:id/activity", async (c) => {
    const user = requirePermission(c, "stats.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const activity = await recentActivity(c.get("deps").database.db, project.id);
    const visibility = await visibilityOf(c, user);
    const events = activity.events.filter((e) => eventShowsGoldTo(e.action, visibility.gold));
    if (visibility.scope.kind === "everyone") return c.json({ ...activity, events });
    return c.json({
      judgments: activity.judgments.filter((j) => visibility.sees(j.annotatorId)),
      events: events.filter((e) => eventVisibleTo(visibility, e)),
    });
  });
  return app;
}
