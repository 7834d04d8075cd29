import {
  assertProjectAcceptsChange,
  can,
  DEFAULT_LEASE_SECONDS,
  DEFAULT_OVERLAP,
  DEFAULT_REVIEW_LEASE_SECONDS,
  HARM_CATEGORIES,
  invalidInput,
  LANGUAGE_LEVELS,
  PROJECT_STATUSES,
  type Project,
  parseGoldPolicy,
  parseLabelSchema,
  parseOverlapSetting,
  parseProjectPolicies,
  parseQualityRules,
  reviewPolicyFrom,
  TIERS,
} from "@quorum/core";
import {
  addGuidelineVersion,
  advanceOverlapPolicyChange,
  type DeliveryStatus,
  hasQueuedTaskFor,
  insertProject,
  type ProjectChanges,
  projectOverviews,
  readDeliveryVerdicts,
  readGuidelines,
  readOverlapPolicyChange,
  updateProject,
  withCertifiedSkills,
  writeAudit,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { deliveryStatusView } from "./forecast.js";
import { LanguageTag } from "./language-param.js";
import { spokenLanguageTag } from "./person-fields.js";
import { visibleProject } from "./project-access.js";
import { ReviewPolicyBody } from "./review-policy-body.js";
import { annotatorProjectView, projectDetailView, projectView, projectViewFor } from "./views.js";

const Requirements = z.object({
  languages: z
    .array(spokenLanguageTag("use ISO 639 codes such as en, de"))
    .optional()
    .describe(
      "BCP 47 tags: `de` accepts any German speaker (de-AT too), `de-AT` only speakers whose tag names Austria",
    ),
  skills: z.record(z.string().min(1), z.number().min(0).max(100)).optional(),
  minLanguageLevel: z
    .enum(LANGUAGE_LEVELS)
    .optional()
    .describe("lowest proficiency accepted in a required language (A1…C2, native); unrated languages fall short"),
  minTier: z
    .enum(TIERS, { error: `use one of ${TIERS.join(", ")}` })
    .optional()
    .describe(
      `lowest tier allowed to work on the project (${TIERS.join(" < ")}; people without a recorded tier are ${TIERS[0]}); absent: every tier. Tiers move on gold accuracy (POST /tiers/evaluate) or by hand`,
    ),
});
type RequirementsBody = z.infer<typeof Requirements>;

/** The requirements as stored: absent lists empty, no level unless one is given. */
function requirementsOf(body: RequirementsBody | undefined): Project["requirements"] {
  return {
    languages: body?.languages ?? [],
    skills: body?.skills ?? {},
    ...(body?.minLanguageLevel ? { minLanguageLevel: body.minLanguageLevel } : {}),
    ...(body?.minTier ? { minTier: body.minTier } : {}),
  };
}
/** ISO 8601 date-time or epoch milliseconds. */
export const Instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date(), z.number().int().positive()])
  .describe("a date such as 2026-03-31, a date and time such as 2026-03-31T17:00:00Z, or epoch milliseconds")
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)));

/** The gold policy as sent; core's `parseGoldPolicy` checks the ranges and fills in the defaults. */
const GoldPolicyBody = z
  .object({
    share: z.unknown().optional().describe("share of served tasks that are controls, 0 to 0.5 (default 0)"),
    onboarding: z.unknown().optional().describe("a newcomer's first k tasks are controls, 0 to 100 (default 0)"),
    feedback: z
      .object({
        onboarding: z
          .boolean()
          .optional()
          .describe("show the gold answer after controls served in onboarding and retraining (default true)"),
        hidden: z
          .boolean()
          .optional()
          .describe(
            "show the gold answer after hidden controls and gold tasks in the ordinary queue (default false: annotators who pool what they were told could list the controls)",
          ),
      })
      .optional()
      .describe("which answers to gold tasks are followed by the gold answer and its explanation"),
  })
  .describe("gold tasks become controls served to every annotator: a share of the work and a newcomer's first tasks");

const ReviewLeaseSeconds = z
  .number()
  .int()
  .min(60)
  .max(86_400)
  .optional()
  .describe("how long a reviewer's claim on a review item keeps others off it; 900 (15 minutes) by default");

const HarmCategoryBody = z
  .enum(HARM_CATEGORIES)
  .nullable()
  .optional()
  .describe("harm category of the project's tasks (imports may override per task with `harm`); null: benign");
const HarmMediaBody = z
  .object({ blur: z.boolean(), greyscale: z.boolean(), mute: z.boolean() })
  .partial()
  .optional()
  .describe("how harmful media shows by default; each person may override");

function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

export const CreateProjectBody = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  businessUnit: z.string().trim().min(1).max(200).nullable().optional(),
  schema: z
    .unknown()
    .describe("label schema, e.g. {type: 'single_choice', options: [...]} or {type: 'rating', min: 0, max: 4}"),
  guidelines: z.string().max(200_000).optional(),
  requirements: Requirements.optional(),
  overlap: z.number().int().min(1).max(50).optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  deadline: Instant.nullable().optional(),
  leaseSeconds: z.number().int().min(30).max(86_400).optional(),
  reviewLeaseSeconds: ReviewLeaseSeconds,
  sensitive: z.boolean().optional().describe("harmful content of no stated kind: the same as harmCategory 'other'"),
  harmCategory: HarmCategoryBody,
  harmMedia: HarmMediaBody,
  goldPolicy: GoldPolicyBody.optional(),
  overlapPolicy: z.unknown().optional().describe("{mode: 'fixed'} or {mode: 'dynamic', min, max, target}"),
  qualityRules: z
    .unknown()
    .optional()
    .describe(
      "{minGoldAnswers, minAccuracy, action: pause|retrain|flag, minActiveMs, maxFastShare}; checked after each judgment, or after every 5th judgment of the annotator in the project where goldPolicy.feedback.hidden is off",
    ),
  reviewPolicy: ReviewPolicyBody.optional(),
});

export const UpdateProjectBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(5000).optional(),
  businessUnit: z.string().trim().min(1).max(200).nullable().optional(),
  requirements: Requirements.optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  deadline: Instant.nullable().optional(),
  leaseSeconds: z.number().int().min(30).max(86_400).optional(),
  reviewLeaseSeconds: ReviewLeaseSeconds,
  sensitive: z.boolean().optional(),
  harmCategory: HarmCategoryBody,
  harmMedia: HarmMediaBody,
  status: z.enum(PROJECT_STATUSES).optional(),
  overlap: z
    .number()
    .int()
    .min(1)
    .max(50)
    .optional()
    .describe("judgments per task are fixed once the project exists: only its current value is accepted"),
  goldPolicy: GoldPolicyBody.optional().describe("replaces the whole gold policy: fields left out take their defaults"),
  overlapPolicy: z.unknown().optional(),
  qualityRules: z.unknown().optional(),
  reviewPolicy: ReviewPolicyBody.optional().describe(
    "replaces the whole review policy: fields left out take their defaults (off)",
  ),
});

export const PublishGuidelinesBody = z.object({ body: z.string().min(1).max(200_000) });

export const GuidelinesQuery = z.object({
  language: LanguageTag.optional().describe(
    "BCP 47 tag of the reader's language: each version comes translated when it can be (de-AT falls back to de)",
  ),
});

export const projectDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects",
    tag: "Projects",
    summary:
      "Projects with task counts. Staff also get each project's pending reviews, its judgments of the last 24 hours (`judgments.lastDay`, the current hour and the 23 before it), and its delivery verdict, `delivery`: {level, finishP85, risks: [{kind, language}], asOf} as the project's forecast last gave it (GET /projects/{id}/forecast's level, 'blocked' while some tasks cannot finish, its p85 finish date and its register's risks; budget_overrun only for cost.read), kept by the monitors' risk round (active projects, every 5 monitor intervals) and by forecast reads of those who may see money; a project without one yet that is not archived is forecast once by this call; null for an archived project never forecast. Annotators get only the active projects they are eligible for, with their own figures today, and without the settings that say how their work is checked (goldPolicy, qualityRules, reviewPolicy, overlapPolicy, reviewLeaseSeconds).",
    access: "signed in",
    responses: { 200: "{projects}" },
  },
  {
    method: "post",
    path: "/projects",
    tag: "Projects",
    summary: "Creates a project (schema, guidelines v1, requirements, overlap, priority, deadline).",
    access: "projects.manage (admin, manager)",
    body: CreateProjectBody,
    example: {
      name: "Web search relevance",
      schema: { type: "rating", min: 0, max: 4, labels: { 0: "Bad", 4: "Perfect" } },
      guidelines:
        "# Rate one result for one query\n\n| grade | meaning |\n| --- | --- |\n| 4 | the page the query wants |",
      requirements: { languages: ["en", "de"] },
      overlap: 3,
      deadline: "2026-03-31T17:00:00Z",
    },
    responses: { 201: "the project", 400: "bad field (e.g. schema.options[1])" },
  },
  {
    method: "get",
    path: "/projects/{id}",
    tag: "Projects",
    summary:
      "One project. For projects.read, also overlapPolicyChange: the latest overlap-policy change ({state: running|done, checked, total, changed, settled, startedAt, finishedAt}; null: never changed). Annotators get what labeling needs, without the settings that say how their work is checked (goldPolicy, qualityRules, reviewPolicy, overlapPolicy, reviewLeaseSeconds).",
    access: "projects.read, or an eligible annotator",
    responses: { 200: "the project", 404: "not found or not visible" },
  },
  {
    method: "patch",
    path: "/projects/{id}",
    tag: "Projects",
    summary:
      "Edits settings; status pauses or archives it. reviewPolicy sends tasks to the review queue as they become done (sample, low_confidence, disagreement). A changed overlapPolicy applies to the unfinished tasks in the background, 500 tasks a transaction in id order (the first batch before the response, so a small project is finished at once; overlapPolicyChange in the response and in GET /projects/{id} shows {state, checked, total, changed, settled}; a newer policy restarts it from the first task): those the new policy settles (dynamic: enough judgments or confidence; fixed: the overlap's judgments) are done as after a judgment (judgments marked by the aggregate, the review policy asked, task.completed / batch.completed / project.completed events for subscribers), the rest ask for the judgments it needs; leases out may still be answered; done tasks are never reopened.",
    access: "projects.manage",
    body: UpdateProjectBody,
    responses: { 200: "the project" },
  },
  {
    method: "get",
    path: "/projects/{id}/guidelines",
    tag: "Projects",
    summary:
      "Guideline versions, newest first (annotators: the version in force). With `language`, each body is its translation into that language when there is one (translation: {language, updatedAt}), else the original (translation: null).",
    access: "projects.read, or an eligible annotator",
    query: GuidelinesQuery,
    responses: { 200: "{current, language, versions: [{version, body, translation, createdBy, createdAt}]}" },
  },
  {
    method: "post",
    path: "/projects/{id}/guidelines",
    tag: "Projects",
    summary: "Publishes a new guideline version; later judgments record it.",
    access: "projects.manage",
    body: PublishGuidelinesBody,
    responses: { 201: "{version}" },
  },
];

export function projectRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/projects", async (c) => {
    const user = currentUser(c);
    const { database, now } = c.get("deps");
    const viewer = user.role === "annotator" ? await withCertifiedSkills(database.db, user, now()) : user;
    const overviews = await projectOverviews(database.db, viewer, now());
    // Staff see each project's delivery verdict as its latest forecast left it: no forecast per row.
    const verdicts = can(user.role, "stats.read")
      ? await readDeliveryVerdicts(
          database.db,
          overviews.map((overview) => overview.project),
          { now: now(), includeBudgets: can(user.role, "cost.read") },
        )
      : new Map<number, DeliveryStatus>();
    const deliveryOf = (projectId: number) => {
      const verdict = verdicts.get(projectId);
      return verdict ? deliveryStatusView(verdict) : null;
    };
    const projects = await Promise.all(
      overviews.map(async ({ project, ...figures }) =>
        "today" in figures
          ? {
              ...annotatorProjectView(project),
              ...figures,
              // "Tasks left" counts every annotator's work; whether any of it is this person's to take.
              tasks: { ...figures.tasks, available: await hasQueuedTaskFor(database, viewer, project) },
            }
          : {
              ...projectView(project),
              ...figures,
              delivery: deliveryOf(project.id),
            },
      ),
    );
    return c.json({ projects });
  });

  app.post("/projects", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const body = await readJson(c, CreateProjectBody);
    const policies = parseProjectPolicies(body);
    const { database, now } = c.get("deps");
    const project = await insertProject(
      database.db,
      {
        name: body.name,
        description: body.description ?? "",
        businessUnit: body.businessUnit ?? null,
        schema: parseLabelSchema(body.schema),
        requirements: requirementsOf(body.requirements),
        overlap: body.overlap ?? DEFAULT_OVERLAP,
        priority: body.priority ?? 0,
        deadline: body.deadline ?? null,
        leaseSeconds: body.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
        reviewLeaseSeconds: body.reviewLeaseSeconds ?? DEFAULT_REVIEW_LEASE_SECONDS,
        sensitive: body.sensitive ?? false,
        ...(body.harmCategory !== undefined ? { harmCategory: body.harmCategory } : {}),
        ...(body.harmMedia ? { harmMedia: withoutUndefined(body.harmMedia) } : {}),
        goldPolicy: policies.goldPolicy ?? parseGoldPolicy(undefined),
        overlapPolicy: policies.overlapPolicy ?? parseOverlapSetting(undefined),
        qualityRules: policies.qualityRules ?? parseQualityRules(undefined),
        ...(body.reviewPolicy ? { reviewPolicy: reviewPolicyFrom(body.reviewPolicy) } : {}),
        ...(body.guidelines ? { guidelines: body.guidelines } : {}),
      },
      user.id,
      now(),
    );
    return c.json(projectView(project), 201);
  });

  app.get("/projects/:id", async (c) => {
    const { project, user } = await visibleProject(c, idParam(c, "id"));
    if (!can(user.role, "projects.read")) return c.json(projectViewFor(user.role, project));
    const change = await readOverlapPolicyChange(c.get("deps").database.db, project.id);
    return c.json(projectDetailView(project, change));
  });

  app.patch("/projects/:id", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, UpdateProjectBody);
    const { database, now, log } = c.get("deps");
    const { goldPolicy, overlapPolicy, qualityRules, reviewPolicy, overlap, ...rest } = body;
    if (overlap !== undefined && overlap !== project.overlap)
      throw invalidInput("Judgments per task cannot change once a project exists", [
        {
          path: "overlap",
          message: `stays ${project.overlap}: another number needs a new project (clone this one for its settings, then import the tasks)`,
        },
      ]);
    const changes: ProjectChanges = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    if (body.requirements) changes.requirements = requirementsOf(body.requirements);
    Object.assign(changes, parseProjectPolicies({ goldPolicy, overlapPolicy, qualityRules }));
    if (reviewPolicy) changes.reviewPolicy = reviewPolicyFrom(reviewPolicy); // fields left out are off
    const updated = await updateProject(database.db, project.id, changes, user.id, now());
    // A new overlap policy started a background change over the unfinished tasks: its first batch
    // now, so a project of up to a batch of open tasks is settled before the response. The policy
    // is stored either way: should the batch fail, the worker does it again.
    if (changes.overlapPolicy)
      await advanceOverlapPolicyChange(database, { projectId: project.id, now: now() }).catch((error: Error) =>
        log(`overlap policy change of project ${project.id}: ${error.message}`),
      );
    const change = await readOverlapPolicyChange(database.db, project.id);
    return c.json(projectDetailView(updated!, change));
  });

  app.get("/projects/:id/guidelines", async (c) => {
    const { project, user } = await visibleProject(c, idParam(c, "id"));
    const { language } = readQuery(c, GuidelinesQuery);
    const versions = await readGuidelines(c.get("deps").database, {
      projectId: project.id,
      language,
      ...(can(user.role, "projects.read") ? {} : { version: project.guidelineVersion }),
    });
    return c.json({
      current: project.guidelineVersion,
      language: language ?? null,
      versions: versions.map((v) => ({
        ...v,
        createdAt: new Date(v.createdAt).toISOString(),
        translation: v.translation && { ...v.translation, updatedAt: new Date(v.translation.updatedAt).toISOString() },
      })),
    });
  });

  app.post("/projects/:id/guidelines", async (c) => {
    const user = requirePermission(c, "projects.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    assertProjectAcceptsChange(project, "guidelines");
    const body = await readJson(c, PublishGuidelinesBody);
    const { database, now } = c.get("deps");
    const version = await addGuidelineVersion(database.db, project.id, body.body, user.id, now());
    await writeAudit(database.db, {
      projectId: project.id,
      actorId: user.id,
      action: "project.guidelines",
      details: { version: version.version },
      now: now(),
    });
    return c.json({ ...version, createdAt: new Date(version.createdAt).toISOString() }, 201);
  });

  return app;
}
