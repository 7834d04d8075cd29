import { Hono } from "hono";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { experimentDesignDocs, experimentDesignRoutes } from "./experiment-designs.js";
import { experimentPlanDocs, experimentPlanRoutes } from "./experiment-plan.js";
import { experimentResultDocs, experimentResultRoutes } from "./experiment-results.js";
import { experimentStateDocs, experimentStateRoutes } from "./experiment-state.js";

/** Experiments: designed and listed, planned (power), read, started and stopped, and their results. */
export const experimentDocs: RouteDoc[] = [
  ...experimentDesignDocs,
  ...experimentPlanDocs,
  ...experimentStateDocs,
  ...experimentResultDocs,
];

export function experimentRoutes() {
  const app = new Hono<AppEnv>();
  for (const routes of [experimentDesignRoutes, experimentPlanRoutes, experimentStateRoutes, experimentResultRoutes])
    app.route("/", routes());
  return app;
}
