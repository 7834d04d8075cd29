import { can } from "@quorum/core";
import {
  answerTrainingItem,
  createTrainingModule,
  listAnnotatorTraining,
  listTrainingModules,
  readTrainingModule,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { examProjectView, visibleTrainingModule } from "./exam-access.js";
import { visibleProject } from "./project-access.js";

export const CreateTrainingModuleBody = z.object({
  projectId: z.number().int().positive(),
  title: z.string().trim().min(1).max(200),
  section: z.string().trim().min(1).max(300).describe("the heading of a section of the guidelines in force"),
  items: z
    .array(
      z.object({
        taskId: z.number().int().positive().describe("a gold task of the project"),
        hint: z.string().trim().min(1).max(2000).describe("shown after the annotator answers"),
      }),
    )
    .min(1)
    .max(50),
});

export const ListTrainingQuery = z.object({ projectId: z.coerce.number().int().positive().optional() });
export const PracticeAnswerBody = z.object({
  itemId: z.number().int().positive(),
  value: z.unknown().refine((v) => v !== undefined, "value is required"),
  activeMs: z
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .optional()
    .describe("active time on the item (ms); the first answer of an item pays it as training"),
});

export const trainingDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/training-modules",
    tag: "Certification",
    summary:
      "Creates a training module from one section of the guidelines in force and a few of the project's gold tasks as practice, each with a hint. Practice tasks leave the project's exams and its controls (the labeling queue never serves them as gold checks).",
    access: "projects.manage (admin, manager)",
    body: CreateTrainingModuleBody,
    responses: { 201: "{id}", 400: "no such section, or a task that is not a gold task of the project" },
  },
  {
    method: "get",
    path: "/training-modules",
    tag: "Certification",
    summary:
      "Training modules. Staff: all (or one project's). Annotators: those open to them, with how many items they answered.",
    access: "projects.read, or an annotator",
    query: ListTrainingQuery,
    responses: { 200: "{modules}" },
  },
  {
    method: "get",
    path: "/training-modules/{id}",
    tag: "Certification",
    summary:
      "A module: its guideline section and practice tasks. An annotator sees an item's hint and answer only after answering it.",
    access: "projects.read, or an annotator it is open to",
    responses: { 200: "{module, project}" },
  },
  {
    method: "post",
    path: "/training-modules/{id}/answers",
    tag: "Certification",
    summary:
      "Answers a practice item: whether it was right, the answer, its explanation and the hint. May be repeated.",
    access: "labels.work (an annotator it is open to)",
    body: PracticeAnswerBody,
    responses: { 200: "{correct, answer, explanation, hint}", 400: "value does not fit the schema" },
  },
];

const iso = (ms: number) => new Date(ms).toISOString();

export function trainingRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/training-modules", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const body = await readJson(c, CreateTrainingModuleBody);
    const { project } = await visibleProject(c, body.projectId);
    const { database, now } = c.get("deps");
    const id = await createTrainingModule(database.db, {
      project,
      title: body.title,
      section: body.section,
      items: body.items,
      actorId: user.id,
      now: now(),
    });
    return c.json({ id }, 201);
  });

  app.get("/training-modules", async (c) => {
    const user = currentUser(c);
    const query = readQuery(c, ListTrainingQuery);
    const { database } = c.get("deps");
    const filter = query.projectId ? { projectId: query.projectId } : {};
    if (can(user.role, "projects.read")) {
      const modules = await listTrainingModules(database.db, filter);
      return c.json({ modules: modules.map((m) => ({ ...m, createdAt: iso(m.createdAt) })) });
    }
    if (user.role !== "annotator") return c.json({ modules: [] });
    const mine = (await listAnnotatorTraining(database.db, user)).filter(
      (m) => query.projectId === undefined || m.projectId === query.projectId,
    );
    return c.json({ modules: mine.map((m) => ({ ...m, createdAt: iso(m.createdAt) })) });
  });

  app.get("/training-modules/:id", async (c) => {
    const { module, project, user } = await visibleTrainingModule(c, idParam(c, "id"));
    const staff = can(user.role, "projects.read");
    const {
      createdAt,
      createdBy: _createdBy,
      ...rest
    } = await readTrainingModule(c.get("deps").database.db, {
      module,
      ...(staff ? {} : { annotatorId: user.id }),
    });
    return c.json({ module: { ...rest, createdAt: iso(createdAt) }, project: examProjectView(project) });
  });

  app.post("/training-modules/:id/answers", async (c) => {
    requirePermission(c, "labels.work");
    const { module, project, user } = await visibleTrainingModule(c, idParam(c, "id"));
    const body = await readJson(c, PracticeAnswerBody);
    const { database, now } = c.get("deps");
    return c.json(
      await answerTrainingItem(database.db, {
        module,
        project,
        annotatorId: user.id,
        itemId: body.itemId,
        value: body.value,
        ...(body.activeMs === undefined ? {} : { activeMs: body.activeMs }),
        now: now(),
      }),
    );
  });

  return app;
}
