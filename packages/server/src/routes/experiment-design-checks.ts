import { type ExperimentArm, invalidInput } from "@quorum/core";
import type { CreateExperimentBody } from "./experiment-bodies.js";

/** The arms as stored: Zod leaves absent optional fields undefined; stored arms carry only the fields given. */
export function storedArms(body: CreateExperimentBody): ExperimentArm[] {
  return body.arms.map(
    (arm) =>
      Object.fromEntries(Object.entries(arm).filter(([, value]) => value !== undefined)) as unknown as ExperimentArm,
  );
}

/**
 * Refuses a design the schema alone cannot: an arm's guideline version the project has not
 * published, a metric named twice, or retention (a share of annotators) in a task experiment.
 */
export function checkExperimentDesign(body: CreateExperimentBody, guidelineVersion: number): void {
  body.arms.forEach((arm, i) => {
    if (arm.guidelineVersion !== undefined && arm.guidelineVersion > guidelineVersion)
      throw invalidInput("No such guideline version", [
        {
          path: `arms[${i}].guidelineVersion`,
          message: `the project has versions 1 to ${guidelineVersion}`,
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
}
