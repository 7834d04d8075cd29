import { type DayWriter, notFound, readStoredSentence } from "@quorum/core";
import { type Alert, acknowledgeAlert, listAlerts } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readQuery } from "../validate.js";
import { ReaderQuery, requestDayWriter } from "./reader-param.js";

export const ListAlertsQuery = ReaderQuery.extend({
  status: z.enum(["open", "resolved", "all"]).default("all"),
  projectId: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional().describe("An alert id: the page of older alerts"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const alertDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/alerts",
    tag: "Metrics and monitors",
    summary:
      "The alert inbox, newest first: open alerts stay open until their monitor's condition clears. A risk alert whose cause or figures change while open is rewritten in place: `message` is its current text and `updatedAt` when it last changed (null while it reads as raised). The days inside each message are written in the reader's `timeZone` and `locale` (default: the workspace's zone, English; alerts raised before this release keep their text).",
    access: "alerts.read (admin, manager, analyst)",
    query: ListAlertsQuery,
    responses: { 200: "{alerts}" },
  },
  {
    method: "post",
    path: "/alerts/{id}/acknowledge",
    tag: "Metrics and monitors",
    summary: "Marks an alert as seen (it stays open until the condition clears).",
    access: "monitors.manage (admin, manager)",
    query: ReaderQuery,
    responses: { 200: "{alert}" },
  },
];

function alertView(alert: Alert & { monitorName?: string | null; metric?: string | null }, writeDay: DayWriter) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: alert.id,
    monitorId: alert.monitorId,
    budgetId: alert.budgetId,
    threshold: alert.threshold,
    risk: alert.risk,
    monitorName: alert.monitorName ?? null,
    metric: alert.metric ?? null,
    projectId: alert.projectId,
    status: alert.status,
    value: alert.value,
    expected: alert.expected,
    message: readStoredSentence(alert, writeDay),
    openedAt: iso(alert.openedAt),
    updatedAt: iso(alert.updatedAt),
    resolvedAt: iso(alert.resolvedAt),
    acknowledgedBy: alert.acknowledgedBy,
    acknowledgedAt: iso(alert.acknowledgedAt),
  };
}

export function alertRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/alerts", async (c) => {
    requirePermission(c, "alerts.read");
    const query = readQuery(c, ListAlertsQuery);
    const writeDay = await requestDayWriter(c, query);
    const alerts = await listAlerts(c.get("deps").database.db, {
      ...(query.status === "all" ? {} : { status: query.status }),
      ...(query.projectId === undefined ? {} : { projectId: query.projectId }),
      ...(query.before === undefined ? {} : { before: query.before }),
      limit: query.limit,
    });
    return c.json({ alerts: alerts.map((alert) => alertView(alert, writeDay)) });
  });

  app.post("/alerts/:id/acknowledge", async (c) => {
    const user = requirePermission(c, "monitors.manage");
    const { database, now } = c.get("deps");
    const writeDay = await requestDayWriter(c, readQuery(c, ReaderQuery));
    const alert = await acknowledgeAlert(database.db, idParam(c, "id"), user.id, now());
    if (!alert) throw notFound("Alert");
    return c.json({ alert: alertView(alert, writeDay) });
  });
  return app;
}
