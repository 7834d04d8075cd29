import { type DayWriter, type FeasibilityReport, notFound, parseLabelSchema, readStoredSentence } from "@quorum/core";
import {
  acceptIntake,
  assessIntake,
  getIntakeRequest,
  type IntakeRequest,
  insertIntakeRequest,
  listIntakeRequests,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { LanguageTag } from "./language-param.js";
import { ReaderQuery, requestDayWriter } from "./reader-param.js";
import { projectView } from "./views.js";

/** ISO 8601 date-time or epoch milliseconds. */
const Instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date(), z.number().int().positive()])
  .describe("a date such as 2026-03-31, a date and time such as 2026-03-31T17:00:00Z, or epoch milliseconds")
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)));

export const CreateIntakeBody = z.object({
  name: z.string().trim().min(1).max(200).describe("the project's name once accepted"),
  volume: z.number().int().min(1).max(100_000_000).describe("tasks to label, split evenly across the languages"),
  taskType: z.string().trim().min(1).max(100).optional().describe("defaults to the schema's type"),
  schema: z.unknown().describe("label schema, as for POST /projects"),
  languages: z.array(LanguageTag).min(1).max(50).describe("BCP 47 tags of the tasks' languages"),
  skills: z.record(z.string().min(1), z.number().min(0).max(100)).optional(),
  qualityTarget: z.number().gt(0).lt(1).describe("accuracy wanted of the aggregated labels, e.g. 0.95"),
  overlap: z.number().int().min(1).max(50),
  deadline: Instant,
  budgetMinor: z.number().int().min(0).describe("budget in integer minor units of currency"),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "use an ISO 4217 code such as USD")
    .describe("ISO 4217"),
  secondsPerJudgment: z
    .number()
    .gt(0)
    .max(86_400)
    .nullable()
    .optional()
    .describe("active seconds a typical person takes per judgment of this task type; omitted: people's measured pace"),
  guidelines: z.string().max(200_000).optional(),
});

export const AcceptIntakeBody = z.object({
  businessUnit: z.string().trim().min(1).max(200).nullable().optional(),
});

export const intakeDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/intake-requests",
    tag: "Intake",
    summary:
      "Records a labeling request (volume, task type and label schema, languages, quality target, overlap, deadline, budget) before any work starts.",
    access: "projects.manage (admin, manager)",
    body: CreateIntakeBody,
    example: {
      name: "Product reviews: sentiment",
      volume: 20000,
      schema: { type: "single_choice", options: ["positive", "neutral", "negative"] },
      languages: ["de", "fr"],
      qualityTarget: 0.95,
      overlap: 3,
      deadline: "2026-03-31",
      budgetMinor: 1500000,
      currency: "EUR",
    },
    responses: { 201: "the request", 400: "bad field (e.g. languages[0])" },
  },
  {
    method: "get",
    path: "/intake-requests",
    tag: "Intake",
    summary: "Intake requests, newest first.",
    access: "projects.manage",
    responses: { 200: "{requests}" },
  },
  {
    method: "get",
    path: "/intake-requests/{id}",
    tag: "Intake",
    summary:
      "One intake request with its feasibility report (null until assessed). The days inside the flags' messages are written in the reader's `timeZone` and `locale` (default: the workspace's zone, English).",
    access: "projects.manage",
    query: ReaderQuery,
    responses: { 200: "the request", 404: "not found" },
  },
  {
    method: "post",
    path: "/intake-requests/{id}/feasibility",
    tag: "Intake",
    summary:
      "Computes and stores the feasibility report: cost and finish date with intervals from simulating the eligible pool (their measured days, pace, gold accuracy, time zones) on a copy, never on live data; flags pool_too_small, quality_unreachable, budget_short, deadline_infeasible with the figures behind each. The flags keep their days as instants: each reader gets them in their `timeZone` and `locale`.",
    access: "projects.manage",
    query: ReaderQuery,
    responses: { 200: "the request with its report", 409: "already accepted" },
  },
  {
    method: "post",
    path: "/intake-requests/{id}/accept",
    tag: "Intake",
    summary:
      "Creates the project with the request's plan (schema, guidelines, languages, skills, overlap, deadline) and marks the request accepted, at once.",
    access: "projects.manage",
    body: AcceptIntakeBody,
    responses: { 201: "{request, project}", 409: "not assessed yet, or already accepted" },
  },
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function reportView(report: FeasibilityReport, writeDay: DayWriter) {
  return {
    ...report,
    flags: report.flags.map(({ messageParts, ...flag }) => ({
      ...flag,
      message: readStoredSentence({ message: flag.message, messageParts }, writeDay),
    })),
    finishDates: {
      p50: iso(report.finishDates.p50),
      p70: iso(report.finishDates.p70),
      p85: iso(report.finishDates.p85),
      p95: iso(report.finishDates.p95),
    },
  };
}

export function intakeView(request: IntakeRequest, writeDay: DayWriter) {
  return {
    id: request.id,
    name: request.name,
    status: request.status,
    volume: request.volume,
    taskType: request.taskType,
    schema: request.schema,
    languages: request.languages,
    skills: request.skills,
    qualityTarget: request.qualityTarget,
    overlap: request.overlap,
    deadline: new Date(request.deadline).toISOString(),
    budgetMinor: request.budgetMinor,
    currency: request.currency,
    secondsPerJudgment: request.secondsPerJudgment,
    guidelines: request.guidelines,
    feasibility: request.feasibility && reportView(request.feasibility, writeDay),
    assessedAt: iso(request.assessedAt),
    projectId: request.projectId,
    createdAt: new Date(request.createdAt).toISOString(),
  };
}
export type IntakeRequestView = ReturnType<typeof intakeView>;

export function intakeRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/intake-requests", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const body = await readJson(c, CreateIntakeBody);
    const schema = parseLabelSchema(body.schema);
    const { database, now } = c.get("deps");
    const request = await insertIntakeRequest(
      database.db,
      {
        name: body.name,
        volume: body.volume,
        taskType: body.taskType ?? schema.type,
        schema,
        languages: body.languages,
        skills: body.skills ?? {},
        qualityTarget: body.qualityTarget,
        overlap: body.overlap,
        deadline: body.deadline,
        budgetMinor: body.budgetMinor,
        currency: body.currency,
        secondsPerJudgment: body.secondsPerJudgment ?? null,
        guidelines: body.guidelines ?? "",
      },
      user.id,
      now(),
    );
    return c.json(intakeView(request, await requestDayWriter(c, readQuery(c, ReaderQuery))), 201);
  });

  app.get("/intake-requests", async (c) => {
    requirePermission(c, "projects.manage");
    const writeDay = await requestDayWriter(c, readQuery(c, ReaderQuery));
    const requests = await listIntakeRequests(c.get("deps").database.db);
    return c.json({ requests: requests.map((request) => intakeView(request, writeDay)) });
  });

  app.get("/intake-requests/:id", async (c) => {
    requirePermission(c, "projects.manage");
    const request = await getIntakeRequest(c.get("deps").database.db, idParam(c, "id"));
    if (!request) throw notFound("Intake request");
    return c.json(intakeView(request, await requestDayWriter(c, readQuery(c, ReaderQuery))));
  });

  app.post("/intake-requests/:id/feasibility", async (c) => {
    requirePermission(c, "projects.manage");
    const { database, now } = c.get("deps");
    const request = await assessIntake(database, idParam(c, "id"), { now: now() });
    return c.json(intakeView(request, await requestDayWriter(c, readQuery(c, ReaderQuery))));
  });

  app.post("/intake-requests/:id/accept", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const body = await readJson(c, AcceptIntakeBody);
    const { database, now } = c.get("deps");
    const { request, project } = await acceptIntake(database.db, idParam(c, "id"), {
      actorId: user.id,
      now: now(),
      ...(body.businessUnit === undefined ? {} : { businessUnit: body.businessUnit }),
    });
    return c.json(
      {
        request: intakeView(request, await requestDayWriter(c, readQuery(c, ReaderQuery))),
        project: projectView(project),
      },
      201,
    );
  });
  return app;
}
