import { Hono } from "hono";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { alertDocs, alertRoutes } from "./alerts.js";
import { consoleEventDocs, consoleEventRoutes } from "./console-events.js";
import { metricDocs, metricRoutes } from "./metrics.js";
import { monitorDocs, monitorRoutes } from "./monitors.js";
import { webhookDocs, webhookRoutes } from "./webhooks.js";

/** Metrics, monitors, alerts, webhooks and the console's live stream. */
export const monitoringDocs: RouteDoc[] = [
  ...metricDocs,
  ...monitorDocs,
  ...alertDocs,
  ...webhookDocs,
  ...consoleEventDocs,
];

export function monitoringRoutes() {
  const app = new Hono<AppEnv>();
  for (const routes of [metricRoutes, monitorRoutes, alertRoutes, webhookRoutes, consoleEventRoutes])
    app.route("/", routes());
  return app;
}
