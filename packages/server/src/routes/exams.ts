import { can, DEFAULT_EXAM_TEST, MAX_EXAM_ITEMS } from "@quorum/core";
import { createExam, listAnnotatorExams, listExamAttempts, listExams, startExamAttempt } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { examProjectView, visibleExam } from "./exam-access.js";
import { annotatorExamView, attemptView, examView } from "./exam-views.js";
import { visibleProject } from "./project-access.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const Probability = z.number().gt(0).lt(1);
const ErrorRate = z.number().gt(0).lt(0.5);

export const CreateExamBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    skill: z.string().trim().min(1).max(100).describe("the skill a pass grants, as project requirements name it"),
    level: z.number().int().min(1).max(100).describe("the level a pass grants"),
    projectId: z.number().int().positive().describe("the items are this project's gold tasks"),
    p0: Probability.default(DEFAULT_EXAM_TEST.p0).describe("accuracy of a candidate who should fail"),
    p1: Probability.default(DEFAULT_EXAM_TEST.p1).describe("accuracy of a candidate who should pass; above p0"),
    alpha: ErrorRate.default(DEFAULT_EXAM_TEST.alpha).describe("chance of passing a p0 candidate"),
    beta: ErrorRate.default(DEFAULT_EXAM_TEST.beta).describe("chance of failing a p1 candidate"),
    maxItems: z
      .number()
      .int()
      .min(1)
      .max(MAX_EXAM_ITEMS)
      .default(DEFAULT_EXAM_TEST.maxItems)
      .describe("the exam ends here at the latest"),
    retryDelayMs: z
      .number()
      .int()
      .min(0)
      .max(365 * DAY)
      .optional()
      .describe("wait after a failed attempt; 24 h by default"),
    validityMs: z
      .number()
      .int()
      .min(HOUR)
      .max(5 * 365 * DAY)
      .optional()
      .describe("how long a pass keeps the skill; 180 days by default"),
    feedback: z.boolean().optional().describe("tell right or wrong after each answer; off by default"),
  })
  .refine((body) => body.p1 > body.p0, { path: ["p1"], message: "p1 must be above p0" });

export const ListExamsQuery = z.object({ projectId: z.coerce.number().int().positive().optional() });

export const examDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/exams",
    tag: "Certification",
    summary:
      "Creates an exam on the project's gold tasks (practice tasks of training modules excluded), decided by Wald's sequential test. Left out, the test is p0 = 0.7, p1 = 0.9, α = β = 0.05 and at most 40 items: a flawless candidate passes after 12 straight right answers and one who misses the first 3 fails. The project must have the gold a flawless pass needs.",
    access: "projects.manage (admin, manager)",
    body: CreateExamBody,
    responses: { 201: "{id}", 400: "bad field, or too little gold (projectId)", 404: "no such project" },
  },
  {
    method: "get",
    path: "/exams",
    tag: "Certification",
    summary:
      "Exams. Staff: all (or one project's). Annotators: those they may take, each with their last attempt, when they may retry, whether they hold the skill, whether it is required before their next task, and whether passing ends their retraining.",
    access: "projects.read, or an annotator",
    query: ListExamsQuery,
    responses: { 200: "{exams}" },
  },
  {
    method: "get",
    path: "/exams/{id}",
    tag: "Certification",
    summary: "One exam, with its project's name and label schema.",
    access: "projects.read, or an annotator who may take it",
    responses: { 200: "{exam, project}", 404: "not found or not open to the caller" },
  },
  {
    method: "post",
    path: "/exams/{id}/attempts",
    tag: "Certification",
    summary:
      "Starts an attempt (or returns the one in progress, with 200). The items are the project's gold tasks in the caller's languages, in an order drawn for this attempt, never one twice; an item shown is never served to the caller as a control in the labeling queue afterwards.",
    access: "labels.work (an annotator who may take the exam)",
    responses: {
      201: "{attempt: {id, status}}",
      200: "{attempt: {id, status}} already in progress",
      409: "exam_retry_wait: a failed attempt's retry delay runs (details: retryAt)",
    },
  },
  {
    method: "get",
    path: "/exams/{id}/attempts",
    tag: "Certification",
    summary: "An exam's attempts with who made them, newest first (activeMs is paid time).",
    access: "stats.read (a vendor lead sees their own vendor's people only)",
    responses: { 200: "{attempts}" },
  },
];

export function examRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/exams", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const body = await readJson(c, CreateExamBody);
    const { project } = await visibleProject(c, body.projectId);
    const { database, now } = c.get("deps");
    const { p0, p1, alpha, beta, maxItems } = body;
    const id = await createExam(database.db, {
      project,
      input: {
        name: body.name,
        skill: body.skill,
        level: body.level,
        test: { p0, p1, alpha, beta, maxItems },
        retryDelayMs: body.retryDelayMs ?? DAY,
        validityMs: body.validityMs ?? 180 * DAY,
        feedback: body.feedback ?? false,
      },
      actorId: user.id,
      now: now(),
    });
    return c.json({ id }, 201);
  });

  app.get("/exams", async (c) => {
    const user = currentUser(c);
    const query = readQuery(c, ListExamsQuery);
    const { database, now } = c.get("deps");
    if (can(user.role, "projects.read")) {
      const exams = await listExams(database.db, query.projectId ? { projectId: query.projectId } : {});
      return c.json({ exams: exams.map(examView) });
    }
    if (user.role !== "annotator") return c.json({ exams: [] });
    const mine = await listAnnotatorExams(database.db, { annotator: user, now: now() });
    const shown = query.projectId ? mine.filter((e) => e.exam.projectId === query.projectId) : mine;
    return c.json({ exams: shown.map(annotatorExamView) });
  });

  app.get("/exams/:id", async (c) => {
    const { exam, project } = await visibleExam(c, idParam(c, "id"));
    return c.json({ exam: examView(exam), project: examProjectView(project) });
  });

  app.post("/exams/:id/attempts", async (c) => {
    requirePermission(c, "labels.work");
    const { exam, project, user } = await visibleExam(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    const { attempt, created } = await startExamAttempt(database, { exam, project, annotator: user, now: now() });
    return c.json({ attempt: { id: attempt.id, status: attempt.status } }, created ? 201 : 200);
  });

  app.get("/exams/:id/attempts", async (c) => {
    const user = requirePermission(c, "stats.read");
    const { exam } = await visibleExam(c, idParam(c, "id"));
    const vendor = user.role === "vendor_lead" ? (user.vendor ?? "\u0000none") : undefined;
    const attempts = await listExamAttempts(c.get("deps").database.db, exam, vendor);
    return c.json({
      attempts: attempts.map((a) => ({ ...attemptView(a), annotatorName: a.annotatorName, vendor: a.vendor })),
    });
  });

  return app;
}
