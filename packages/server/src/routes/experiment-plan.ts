import { experimentSampleSize, invalidInput, minimumDetectableLift } from "@quorum/core";
import { Hono } from "hono";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { readJson } from "../validate.js";
import { PlanExperimentBody } from "./experiment-bodies.js";

export const experimentPlanDocs: RouteDoc[] = [
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
];

export function experimentPlanRoutes() {
  const app = new Hono<AppEnv>();
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
  return app;
}
