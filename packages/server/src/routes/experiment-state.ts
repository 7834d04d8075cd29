import { getExperiment, readArmPayStanding, startExperiment, stopExperiment } from "@quorum/storage";
import { Hono } from "hono";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam } from "../validate.js";
import { readableExperiment } from "./experiment-access.js";
import { experimentView } from "./experiment-views.js";
import { visibleProject } from "./project-access.js";

/** One experiment as it stands, and its state changes: start and stop. */
export const experimentStateDocs: RouteDoc[] = [
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
];

export function experimentStateRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/experiments/:id", async (c) => {
    const experiment = await readableExperiment(c);
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

  return app;
}
