import { type ExperimentRecord, getExperiment } from "@quorum/storage";
import type { Context } from "hono";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import { idParam } from "../validate.js";
import { visibleProject } from "./project-access.js";

/** The experiment of the `id` parameter, if the caller may read experiments and see its project. */
export async function readableExperiment(c: Context<AppEnv>): Promise<ExperimentRecord> {
  requirePermission(c, "experiments.read");
  const experiment = await getExperiment(c.get("deps").database.db, idParam(c, "id"));
  await visibleProject(c, experiment.projectId);
  return experiment;
}
