import {
  checkArms,
  EXPERIMENT_METRICS,
  EXPERIMENT_UNITS,
  type ExperimentArm,
  experimentSampleSize,
  invalidInput,
  minimumDetectableLift,
  settleArmPayCurrency,
  TOOL_VARIANTS,
} from "@quorum/core";
import {
  cardsCurrencyOfProject,
  type ExperimentRecord,
  getExperiment,
  getProject,
  insertExperiment,
  listExperiments,
  readArmPayStanding,
  readExperimentResults,
  readExperimentUnits,
  startExperiment,
  stopExperiment,
  writeAudit,
} from "@quorum/storage";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { iso } from "./cost-params.js";
import { visibleProject } from "./project-access.js";

const Metric = z.enum(EXPERIMENT_METRICS);

export const ExperimentArmBody = z.object({
  name: z.string().trim().min(1).max(60),
  share: z.number().gt(0).lt(1),
  guidelineVersion: z.number().int().positive().optional().describe("serve this guideline version in the arm"),
  payRateMinor: z
    .number()
    .int()
    .min(0)
    .max(1e9)
    .optional()
    .describe("pay per judgment in the arm, minor units of payCurrency"),
  payCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD")
    .optional()
    .describe(
      "the currency of payRateMinor: that of the project's rate cards in force (the default when they agree on one). A judgment later priced by a card in another currency is paid the card's rate",
    ),
  overlap: z
    .number()
    .int()
    .min(1)
    .max(20)
    .optional()
    .describe(
      "judgments per task (fixed) for the tasks in the arm's share of the queue that have none yet when it starts or are imported while it runs",
    ),
  toolVariant: z
    .enum(TOOL_VARIANTS)
    .optional()
    .describe(
      "the labeling view served with the arm's leases: standard; no_key_hints (answer options without their shortcut key printed; the keys still work); option_grid (answer options in two columns)",
    ),
});

export const CreateExperimentBody = z.object({
  projectId: z.number().int().positive(),
  name: z.string().trim().min(1).max(200),
  hypothesis: z.string().trim().max(2000).default(""),
  unit: z.enum(EXPERIMENT_UNITS).describe("the randomisation unit"),
  arms: z.array(ExperimentArmBody).min(2).max(8).describe("the control first; shares sum to 1"),
  primaryMetric: Metric,
  guardrails: z
    .array(z.object({ metric: Metric, margin: z.number().gt(0).max(1).describe("largest relative loss accepted") }))
    .max(5)
    .default([]),
  plannedUnits: z.number().int().min(4).max(10_000_000).describe("units (all arms) planned before a decision"),
});
export type CreateExperimentBody = z.infer<typeof CreateExperimentBody>;

export const PlanExperimentBody = z.object({
  baselineMean: z.number().positive(),
  standardDeviation: z.number().positive().optional().describe("default √(p(1 − p)) for a proportion"),
  observationsPerUnit: z.number().min(1).default(1),
  intraclassCorrelation: z.number().min(0).max(1).default(0),
  minimumDetectableLift: z.number().positive().optional(),
  unitsPerArm: z.number().int().positive().optional().describe("instead of a lift: the lift these units detect"),
  alpha: z.number().gt(0).lt(1).default(0.05),
  power: z.number().gt(0).lt(1).default(0.8),
});

export const ListExperimentsQuery = z.object({ projectId: z.coerce.number().int().positive().optional() });

export const experimentDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/experiments",
    tag: "Experiments",
    summary: "Experiments, newest first (optionally of one project).",
    access: "experiments.read (admin, manager, analyst)",
    query: ListExperimentsQuery,
    responses: { 200: "{experiments}" },
  },
  {
    method: "post",
    path: "/experiments",
    tag: "Experiments",
    summary:
      "Designs an experiment (a draft): arms that differ in guideline version, pay per judgment, overlap or tool variant, randomised by annotator (salted stable hash, stratified by past volume and gold accuracy) or by task, a primary metric, non-inferiority guardrails and the planned units.",
    access: "experiments.manage (admin, manager)",
    body: CreateExperimentBody,
    example: {
      projectId: 1,
      name: "Guidelines v2",
      hypothesis: "Worked examples raise gold accuracy",
      unit: "annotator",
      arms: [
        { name: "control", share: 0.5 },
        { name: "v2", share: 0.5, guidelineVersion: 2 },
      ],
      primaryMetric: "gold_accuracy",
      guardrails: [{ metric: "throughput", margin: 0.1 }],
      plannedUnits: 200,
    },
    responses: {
      201: "{experiment}",
      400: "bad field (named); arms[i].payCurrency when the pay is not in the one currency of the project's rate cards in force",
    },
  },
  {
    method: "post",
    path: "/experiments/plan",
    tag: "Experiments",
    summary:
      "Power and sample size before launch: units per arm to detect a relative lift (or the lift a number of units detects), with the design effect 1 + (m − 1)·ICC of m observations per unit.",
    access: "experiments.read",
    body: PlanExperimentBody,
    responses: { 200: "{designEffect, observationsPerArm, unitsPerArm, minimumDetectableLift}" },
  },
  {
    method: "get",
    path: "/experiments/{id}",
    tag: "Experiments",
    summary:
      "One experiment, with armPay: per arm, whether the rate cards in force pay its pay per judgment (applies; currency_differs, cards_mixed, no_card or currency_unknown: the card's own rate pays), null for an arm without one.",
    access: "experiments.read",
    responses: { 200: "{experiment, armPay}" },
  },
  {
    method: "post",
    path: "/experiments/{id}/start",
    tag: "Experiments",
    summary:
      "Starts a draft: draws annotators into arms and, for an annotator experiment, gives each arm its own share of the queue. One running experiment per project.",
    access: "experiments.manage",
    responses: { 200: "{experiment}", 409: "not a draft, or another experiment runs" },
  },
  {
    method: "post",
    path: "/experiments/{id}/stop",
    tag: "Experiments",
    summary: "Stops the experiment; the queue is whole again. Results stay readable.",
    access: "experiments.manage",
    responses: { 200: "{experiment}", 409: "already stopped" },
  },
  {
    method: "get",
    path: "/experiments/{id}/results",
    tag: "Experiments",
    summary:
      "Results at the randomisation unit: exposed units per arm and the sample-ratio check (χ², flagged below p = 0.001); per metric (role primary, guardrail or secondary) each arm's mean and each treatment's relative lift with its 95% interval (delta method; CUPED with a pre-period of the same length), a peeking-safe interval (confidence sequence) and Holm-adjusted p-values (decision metrics and secondary ones as separate families); guardrails' non-inferiority; and a plain-language decision per treatment. Metrics, each Σ numerator / Σ denominator over a unit's window: gold_accuracy, throughput (judgments per active hour), handling_time, cost_per_accepted_label, earnings_per_hour, agreement (the unit's judgments on tasks settled by now that equal the task's aggregate label / its judgments on settled tasks; class schemas only) and retention (annotator experiments: active in both the first and the last period / active in the first, each period min(7 days, half the window) long).",
    access: "experiments.read",
    responses: { 200: "{experiment, armPay, exposed, srm, metrics, decisions, window}" },
  },
  {
    method: "get",
    path: "/experiments/{id}/units",
    tag: "Experiments",
    summary:
      "Each exposed unit's numerator and denominator (and pre-period) per metric: the rows `quorum experiment analyze` reads, to check or re-analyse the results.",
    access: "experiments.read",
    responses: { 200: "{metrics: [{metric, units}]}" },
  },
];

export function experimentView(experiment: ExperimentRecord) {
  return {
    ...experiment,
    startedAt: iso(experiment.startedAt),
    stoppedAt: iso(experiment.stoppedAt),
    createdAt: iso(experiment.createdAt),
  };
}

export function experimentRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/experiments", async (c) => {
    requirePermission(c, "experiments.read");
    const query = readQuery(c, ListExperimentsQuery);
    const experiments = await listExperiments(c.get("deps").database.db, query.projectId);
    return c.json({ experiments: experiments.map(experimentView) });
  });

  app.post("/experiments/plan", async (c) => {
    requirePermission(c, "experiments.read");
    const body = await readJson(c, PlanExperimentBody);
    const { minimumDetectableLift: lift, unitsPerArm, ...design } = body;
    const standardDeviation =
      body.standardDeviation ?? Math.sqrt(Math.max(1e-9, body.baselineMean * (1 - Math.min(body.baselineMean, 1))));
    const full = { ...design, standardDeviation };
    if (lift !== undefined) {
      const size = experimentSampleSize({ ...full, minimumDetectableLift: lift });
      return c.json({ ...size, minimumDetectableLift: lift, standardDeviation });
    }
    if (unitsPerArm === undefined)
      throw invalidInput("Give minimumDetectableLift or unitsPerArm", [
        { path: "minimumDetectableLift", message: "required when unitsPerArm is not given" },
      ]);
    const detectable = minimumDetectableLift({ ...full, unitsPerArm });
    const size = experimentSampleSize({ ...full, minimumDetectableLift: detectable });
    return c.json({ ...size, unitsPerArm, minimumDetectableLift: detectable, standardDeviation });
  });

  app.post("/experiments", async (c) => {
    const user = requirePermission(c, "experiments.manage");
    const body = await readJson(c, CreateExperimentBody);
    await visibleProject(c, body.projectId);
    // Uncached: a guideline version published a moment ago must be choosable.
    const project = (await getProject(c.get("deps").database.db, body.projectId))!;
    // Zod leaves absent optional fields undefined; stored arms carry only the fields given.
    const arms = body.arms.map(
      (arm) =>
        Object.fromEntries(Object.entries(arm).filter(([, value]) => value !== undefined)) as unknown as ExperimentArm,
    );
    checkArms(arms);
    const { database, now } = c.get("deps");
    const priced = arms.some((arm) => arm.payRateMinor !== undefined || arm.payCurrency !== undefined);
    const paidArms = priced
      ? settleArmPayCurrency(arms, await cardsCurrencyOfProject(database.db, project.id, now()))
      : arms;
    body.arms.forEach((arm, i) => {
      if (arm.guidelineVersion !== undefined && arm.guidelineVersion > project.guidelineVersion)
        throw invalidInput("No such guideline version", [
          {
            path: `arms[${i}].guidelineVersion`,
            message: `the project has versions 1 to ${project.guidelineVersion}`,
          },
        ]);
    });
    const metrics = [body.primaryMetric, ...body.guardrails.map((g) => g.metric)];
    if (new Set(metrics).size !== metrics.length)
      throw invalidInput("A metric is named twice", [
        { path: "guardrails", message: "each metric once, and not the primary metric" },
      ]);
    if (body.unit === "task" && metrics.includes("retention"))
      throw invalidInput("Retention is a share of annotators", [
        {
          path: body.primaryMetric === "retention" ? "primaryMetric" : "guardrails",
          message: "retention needs an experiment randomised by annotator",
        },
      ]);
    const experiment = await insertExperiment(
      database.db,
      {
        projectId: project.id,
        name: body.name,
        hypothesis: body.hypothesis,
        unit: body.unit,
        // The salt keeps one experiment's draw independent of another's.
        salt: Math.floor(Math.random() * 65_536),
        arms: paidArms,
        primaryMetric: body.primaryMetric,
        guardrails: body.guardrails,
        plannedUnits: body.plannedUnits,
      },
      { id: user.id, now: now() },
    );
    await writeAudit(database.db, {
      projectId: project.id,
      actorId: user.id,
      action: "experiment.create",
      details: { id: experiment.id },
      now: now(),
    });
    return c.json({ experiment: experimentView(experiment) }, 201);
  });

  const readable = async (c: Context<AppEnv>) => {
    requirePermission(c, "experiments.read");
    const experiment = await getExperiment(c.get("deps").database.db, idParam(c, "id"));
    await visibleProject(c, experiment.projectId);
    return experiment;
  };

  app.get("/experiments/:id", async (c) => {
    const experiment = await readable(c);
    const armPay = await readArmPayStanding(c.get("deps").database.db, experiment, c.get("deps").now());
    return c.json({ experiment: experimentView(experiment), armPay });
  });

  for (const action of ["start", "stop"] as const) {
    app.post(`/experiments/:id/${action}`, async (c) => {
      const user = requirePermission(c, "experiments.manage");
      const id = idParam(c, "id");
      const { database, now } = c.get("deps");
      await visibleProject(c, (await getExperiment(database.db, id)).projectId);
      const change = action === "start" ? startExperiment : stopExperiment;
      const experiment = await change(database, id, { id: user.id, now: now() });
      return c.json({ experiment: experimentView(experiment) });
    });
  }

  app.get("/experiments/:id/results", async (c) => {
    const experiment = await readable(c);
    const { database, now } = c.get("deps");
    const results = await readExperimentResults(database, experiment, now());
    return c.json({
      experiment: experimentView(experiment),
      armPay: await readArmPayStanding(database.db, experiment, now()),
      ...results,
      window: { from: iso(results.window.from), to: iso(results.window.to) },
    });
  });

  app.get("/experiments/:id/units", async (c) => {
    const experiment = await readable(c);
    const { metrics } = await readExperimentUnits(c.get("deps").database, experiment, c.get("deps").now());
    return c.json({ metrics });
  });

  return app;
}
