import { checkArms, settleArmPayCurrency } from "@quorum/core";
import { cardsCurrencyOfProject, getProject, insertExperiment, listExperiments, writeAudit } from "@quorum/storage";
import { Hono } from "hono";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { readJson, readQuery } from "../validate.js";
import { CreateExperimentBody, ListExperimentsQuery } from "./experiment-bodies.js";
import { checkExperimentDesign, storedArms } from "./experiment-design-checks.js";
import { experimentView } from "./experiment-views.js";
import { visibleProject } from "./project-access.js";

/** The experiments listed, and a new one designed (a draft). */
export const experimentDesignDocs: RouteDoc[] = [
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
];

export function experimentDesignRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/experiments", async (c) => {
    requirePermission(c, "experiments.read");
    const query = readQuery(c, ListExperimentsQuery);
    const experiments = await listExperiments(c.get("deps").database.db, query.projectId);
    return c.json({ experiments: experiments.map(experimentView) });
  });

  app.post("/experiments", async (c) => {
    const user = requirePermission(c, "experiments.manage");
    const body = await readJson(c, CreateExperimentBody);
    await visibleProject(c, body.projectId);
    // Uncached: a guideline version published a moment ago must be choosable.
    const project = (await getProject(c.get("deps").database.db, body.projectId))!;
    const arms = storedArms(body);
    checkArms(arms);
    const { database, now } = c.get("deps");
    const priced = arms.some((arm) => arm.payRateMinor !== undefined || arm.payCurrency !== undefined);
    const paidArms = priced
      ? settleArmPayCurrency(arms, await cardsCurrencyOfProject(database.db, project.id, now()))
      : arms;
    checkExperimentDesign(body, project.guidelineVersion);
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

  return app;
}
