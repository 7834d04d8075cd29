import { invalidInput, projectRoi } from "@quorum/core";
import {
  freezeDatasetVersion,
  getDatasetVersion,
  insertModelEvaluation,
  listDatasetVersions,
  listModelEvaluations,
  readLabelPrices,
  requireDatasetVersion,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { iso } from "./cost-params.js";
import { visibleProject } from "./project-access.js";

export const DatasetVersionBody = z.object({ name: z.string().trim().min(1).max(120) });

export const ModelEvaluationBody = z.object({
  datasetVersionId: z.number().int().positive(),
  metric: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9_.-]+$/i, "letters, digits, _ . - only, such as accuracy or error_rate"),
  value: z.number().min(0).max(1).describe("in [0, 1]: accuracy, F1, or an error rate"),
  labels: z.number().int().min(1).max(1e10).describe("labels the model was trained on"),
});

export const RoiQuery = z.object({
  extraLabels: z.coerce.number().int().min(1).optional().describe("the next N labels (default: 25% more)"),
  improvedAccuracy: z.coerce.number().gt(0).max(1).optional().describe("label accuracy with more overlap"),
  upgradePricePerLabel: z.coerce.number().int().min(0).optional().describe("extra minor units per better label"),
});

export const roiDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects/{id}/dataset-versions",
    tag: "ROI",
    summary: "The project's frozen dataset versions with their task and label counts.",
    access: "experiments.read (admin, manager, analyst)",
    responses: { 200: "{datasetVersions}" },
  },
  {
    method: "post",
    path: "/projects/{id}/dataset-versions",
    tag: "ROI",
    summary: "Freezes the project's current labels (each task's aggregate) as a named version.",
    access: "experiments.manage (admin, manager)",
    body: DatasetVersionBody,
    responses: { 201: "{datasetVersion}", 400: "name taken (named)" },
  },
  {
    method: "post",
    path: "/model-evaluations",
    tag: "ROI",
    summary:
      "Records a model's evaluation against a dataset version (from the ML team's pipeline): metric, value in [0, 1] and the number of labels it was trained on. Metrics named like an error (…error, loss, wer, cer, mae, rmse) are read as errors, others as 1 − error.",
    access: "experiments.manage",
    body: ModelEvaluationBody,
    example: { datasetVersionId: 3, metric: "accuracy", value: 0.912, labels: 12000 },
    responses: { 201: "{modelEvaluation}", 400: "bad field (named)" },
  },
  {
    method: "get",
    path: "/projects/{id}/roi",
    tag: "ROI",
    summary:
      "What the labels bought: per metric the learning curve err = a·n^(−b) + c with 95% intervals and its predictions, the marginal value of the next N labels against better labels (more overlap) with each one's break-even price per metric point, beside the project's cost per accepted label.",
    access: "experiments.read",
    query: RoiQuery,
    responses: { 200: "{prices, datasetVersions, evaluations, metrics}" },
  },
];

export function roiRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/projects/:id/dataset-versions", async (c) => {
    requirePermission(c, "experiments.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const versions = await listDatasetVersions(c.get("deps").database.db, project.id);
    return c.json({ datasetVersions: versions.map((v) => ({ ...v, frozenAt: iso(v.frozenAt) })) });
  });

  app.post("/projects/:id/dataset-versions", async (c) => {
    const user = requirePermission(c, "experiments.manage");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const body = await readJson(c, DatasetVersionBody);
    const { database, now } = c.get("deps");
    const version = await freezeDatasetVersion(database, project.id, body.name, { id: user.id, now: now() });
    return c.json({ datasetVersion: { ...version, frozenAt: iso(version.frozenAt) } }, 201);
  });

  app.post("/model-evaluations", async (c) => {
    const user = requirePermission(c, "experiments.manage");
    const body = await readJson(c, ModelEvaluationBody);
    const { database, now } = c.get("deps");
    const version = await getDatasetVersion(database.db, body.datasetVersionId);
    if (!version)
      throw invalidInput("No such dataset version", [
        { path: "datasetVersionId", message: `dataset version ${body.datasetVersionId} not found` },
      ]);
    await visibleProject(c, requireDatasetVersion(version).projectId);
    const evaluation = await insertModelEvaluation(
      database.db,
      { projectId: version.projectId, ...body },
      { id: user.id, now: now() },
    );
    return c.json({ modelEvaluation: { ...evaluation, createdAt: iso(evaluation.createdAt) } }, 201);
  });

  app.get("/projects/:id/roi", async (c) => {
    requirePermission(c, "experiments.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const query = readQuery(c, RoiQuery);
    const { db } = c.get("deps").database;
    const [prices, versions, evaluations] = await Promise.all([
      readLabelPrices(db, project.id),
      listDatasetVersions(db, project.id),
      listModelEvaluations(db, project.id),
    ]);
    const classes = "options" in project.schema ? Math.max(2, project.schema.options.length) : 2;
    const largest = Math.max(1, ...evaluations.map((e) => e.labels));
    const accuracy = prices.goldAccuracy;
    const investment =
      prices.costPerAcceptedLabel !== null && accuracy !== null && accuracy > 1 / classes
        ? {
            pricePerLabel: prices.costPerAcceptedLabel,
            upgradePricePerLabel: query.upgradePricePerLabel ?? prices.costPerJudgment ?? prices.costPerAcceptedLabel,
            accuracy,
            improvedAccuracy: Math.max(
              accuracy,
              query.improvedAccuracy ?? Math.min(0.99, accuracy + (1 - accuracy) / 2),
            ),
            extraLabels: query.extraLabels ?? Math.max(1, Math.round(largest / 4)),
            classes,
          }
        : undefined;
    return c.json({
      prices,
      assumptions: investment ?? null,
      datasetVersions: versions.map((v) => ({ ...v, frozenAt: iso(v.frozenAt) })),
      evaluations: evaluations.map((e) => ({ ...e, createdAt: iso(e.createdAt) })),
      metrics: projectRoi(evaluations, investment),
    });
  });

  return app;
}
