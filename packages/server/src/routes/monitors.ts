import { checkMonitorDefinition, invalidInput, MAX_WINDOW_MINUTES, MONITOR_SCHEDULES, notFound } from "@quorum/core";
import {
  deleteMonitor,
  getMonitor,
  getProject,
  insertMonitor,
  listMonitors,
  type Monitor,
  openAlertsByMonitor,
  updateMonitor,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";

const BaselinePeriods = z
  .number()
  .int()
  .min(1)
  .max(60)
  .optional()
  .describe("Windows of the same length just before the current one (default 12)");

export const MonitorCondition = z.discriminatedUnion("type", [
  z.object({ type: z.literal("threshold"), operator: z.enum(["below", "above"]), value: z.number() }),
  z.object({
    type: z.literal("change"),
    direction: z.enum(["drop", "rise"]),
    percent: z.number().positive(),
    baselinePeriods: BaselinePeriods,
  }),
  z.object({
    type: z.literal("forecast"),
    z: z.number().positive().optional().describe("Width of the interval mean ± z·sd (default 3)"),
    baselinePeriods: BaselinePeriods,
  }),
]);

export const CreateMonitorBody = z.object({
  name: z.string().min(1).max(200),
  metric: z.string().min(1).describe("A name from GET /metrics"),
  projectId: z.number().int().positive().nullable().default(null).describe("null: every project"),
  vendor: z.string().min(1).max(200).nullable().default(null).describe("Activity metrics: one vendor's annotators"),
  language: z.string().min(1).max(20).nullable().default(null).describe("Task metrics: tasks in one language"),
  schedule: z
    .enum(MONITOR_SCHEDULES)
    .default("realtime")
    .describe(
      "realtime: every evaluation (default every 30 s) on the trailing window; daily: the last UTC day, once a day",
    ),
  windowMinutes: z.number().int().min(1).max(MAX_WINDOW_MINUTES).default(60).describe("realtime: the trailing window"),
  condition: MonitorCondition,
  emails: z.array(z.email()).max(20).default([]).describe("Alerted by e-mail when SMTP is configured"),
  enabled: z.boolean().default(true),
});
export type CreateMonitorBody = z.infer<typeof CreateMonitorBody>;

export const UpdateMonitorBody = z.object({
  name: z.string().min(1).max(200).optional(),
  metric: z.string().min(1).optional(),
  projectId: z.number().int().positive().nullable().optional(),
  vendor: z.string().min(1).max(200).nullable().optional(),
  language: z.string().min(1).max(20).nullable().optional(),
  schedule: z.enum(MONITOR_SCHEDULES).optional(),
  windowMinutes: z.number().int().min(1).max(MAX_WINDOW_MINUTES).optional(),
  condition: MonitorCondition.optional(),
  emails: z.array(z.email()).max(20).optional(),
  enabled: z.boolean().optional(),
});

export const ListMonitorsQuery = z.object({ projectId: z.coerce.number().int().positive().optional() });

export const monitorDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/monitors",
    tag: "Metrics and monitors",
    summary:
      "Creates a monitor on a registered metric, for a project (or all), a vendor's annotators or a task language: a threshold, a change against the baseline (the windows just before), or a value outside the baseline's interval mean ± z·sd. Realtime monitors are evaluated every 30 s on their trailing window; daily ones once a day on the last UTC day. A breach opens one alert (inbox, alert.raised webhooks, e-mail), which stays open until the condition clears.",
    access: "monitors.manage (admin, manager)",
    body: CreateMonitorBody,
    responses: { 201: "{monitor}", 400: "bad field (named), e.g. a condition the metric does not support" },
  },
  {
    method: "get",
    path: "/monitors",
    tag: "Metrics and monitors",
    summary: "Lists monitors, each with its open alert if any.",
    access: "alerts.read (admin, manager, analyst)",
    query: ListMonitorsQuery,
    responses: { 200: "{monitors}" },
  },
  {
    method: "get",
    path: "/monitors/{id}",
    tag: "Metrics and monitors",
    summary: "One monitor, with its open alert if any.",
    access: "alerts.read",
    responses: { 200: "{monitor}" },
  },
  {
    method: "patch",
    path: "/monitors/{id}",
    tag: "Metrics and monitors",
    summary: "Changes a monitor (the fields given); the whole definition is checked again.",
    access: "monitors.manage",
    body: UpdateMonitorBody,
    responses: { 200: "{monitor}" },
  },
  {
    method: "delete",
    path: "/monitors/{id}",
    tag: "Metrics and monitors",
    summary: "Deletes a monitor; its open alert is resolved.",
    access: "monitors.manage",
    responses: { 204: "deleted" },
  },
];

/** A monitor as `GET /monitors` shows it. */
export type MonitorView = ReturnType<typeof monitorView>;
export interface MonitorList {
  monitors: MonitorView[];
}

function monitorView(monitor: Monitor, openAlertId: number | undefined) {
  return {
    id: monitor.id,
    name: monitor.name,
    metric: monitor.metric,
    projectId: monitor.scope.projectId,
    vendor: monitor.scope.vendor,
    language: monitor.scope.language,
    schedule: monitor.schedule,
    windowMinutes: monitor.windowMinutes,
    condition: monitor.condition,
    emails: monitor.emails,
    enabled: monitor.enabled,
    status: openAlertId === undefined ? "ok" : "alerting",
    openAlertId: openAlertId ?? null,
    createdAt: new Date(monitor.createdAt).toISOString(),
    updatedAt: new Date(monitor.updatedAt).toISOString(),
  };
}

/** Checks the definition (core) and that its project exists; returns the fields to store. */
async function checkedDefinition(c: Parameters<typeof requirePermission>[0], body: CreateMonitorBody) {
  const scope = { projectId: body.projectId, vendor: body.vendor, language: body.language };
  checkMonitorDefinition({ ...body, scope });
  if (scope.projectId !== null && !(await getProject(c.get("deps").database.db, scope.projectId)))
    throw invalidInput("No such project", [{ path: "projectId", message: `project ${scope.projectId} not found` }]);
  const { projectId: _p, vendor: _v, language: _l, ...rest } = body;
  return { ...rest, scope };
}

export function monitorRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/monitors", async (c) => {
    const user = requirePermission(c, "monitors.manage");
    const definition = await checkedDefinition(c, await readJson(c, CreateMonitorBody));
    const { database, now } = c.get("deps");
    const monitor = await insertMonitor(database.db, { ...definition, createdBy: user.id }, now());
    return c.json({ monitor: monitorView(monitor, undefined) }, 201);
  });

  app.get("/monitors", async (c) => {
    requirePermission(c, "alerts.read");
    const { projectId } = readQuery(c, ListMonitorsQuery);
    const { database } = c.get("deps");
    const [monitors, open] = await Promise.all([
      listMonitors(database.db, projectId === undefined ? {} : { projectId }),
      openAlertsByMonitor(database.db),
    ]);
    return c.json({ monitors: monitors.map((m) => monitorView(m, open.get(m.id)?.id)) });
  });

  app.get("/monitors/:id", async (c) => {
    requirePermission(c, "alerts.read");
    const { database } = c.get("deps");
    const monitor = await getMonitor(database.db, idParam(c, "id"));
    if (!monitor) throw notFound("Monitor");
    const open = await openAlertsByMonitor(database.db);
    return c.json({ monitor: monitorView(monitor, open.get(monitor.id)?.id) });
  });

  app.patch("/monitors/:id", async (c) => {
    requirePermission(c, "monitors.manage");
    const id = idParam(c, "id");
    const patch = await readJson(c, UpdateMonitorBody);
    const { database, now } = c.get("deps");
    const current = await getMonitor(database.db, id);
    if (!current) throw notFound("Monitor");
    const merged = {
      name: current.name,
      metric: current.metric,
      ...current.scope,
      schedule: current.schedule,
      windowMinutes: current.windowMinutes,
      condition: current.condition,
      emails: current.emails,
      enabled: current.enabled,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    } as CreateMonitorBody;
    const updated = await updateMonitor(database.db, id, await checkedDefinition(c, merged), now());
    if (!updated) throw notFound("Monitor");
    const open = await openAlertsByMonitor(database.db);
    return c.json({ monitor: monitorView(updated, open.get(id)?.id) });
  });

  app.delete("/monitors/:id", async (c) => {
    requirePermission(c, "monitors.manage");
    const { database, now } = c.get("deps");
    if (!(await deleteMonitor(database.db, idParam(c, "id"), now()))) throw notFound("Monitor");
    return c.body(null, 204);
  });
  return app;
}
