import { describeMetric, findMetric, grainMs, invalidInput, METRIC_DIMENSIONS, METRICS, notFound } from "@quorum/core";
import { readMetricValues } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { metricCsv, metricXlsx } from "../reports/metric-export.js";
import { readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";
import { textStream } from "./text-stream.js";
import { reportingTimeZone, TimeZoneQuery } from "./time-zone-param.js";
import { vendorScope } from "./vendor-scope.js";

/** A metric's values never span more buckets than this (about 83 days of hours). */
const MAX_BUCKETS = 2000;

export const MetricValuesQuery = z.object({
  projectId: z.coerce.number().int().positive().optional(),
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("ISO 8601; default: 24 hours (grain hour) or 30 days (grain day) before `to`"),
  to: z.iso.datetime({ offset: true }).optional().describe("ISO 8601; default: now"),
  grain: z.enum(["hour", "day"]).default("hour"),
  groupBy: z.enum(METRIC_DIMENSIONS).optional(),
  format: z
    .enum(["json", "csv", "xlsx"])
    .default("json")
    .describe("csv (streamed) or xlsx: one row per group and bucket, for spreadsheets"),
  timeZone: TimeZoneQuery,
});

export const metricDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/metrics",
    tag: "Metrics and monitors",
    summary:
      "The metric registry: every metric's name, description, formula, unit, source roll-up, grains and dimensions. The console, monitors, this API and exports all use these definitions.",
    access: "metrics.read (admin, manager, reviewer, vendor lead, analyst)",
    responses: { 200: "{metrics}" },
  },
  {
    method: "get",
    path: "/metrics/{name}",
    tag: "Metrics and monitors",
    summary:
      "A metric's values per hour or day (task metrics: one value, now), optionally per project, annotator, vendor or language, with data-quality checks of its source (roll-up against the stored judgments over the last two hours; freshness). Days are local days of `timeZone` (default: the workspace's zone; 23 or 25 hours when the clocks change). As CSV (streamed) or XLSX for download.",
    access: "metrics.read; a vendor lead sees only their vendor's annotators",
    query: MetricValuesQuery,
    responses: {
      200: "{metric, grain, timeZone, from, to, series: [{group, points: [{at, value}], total}], checks: [{name, status, message, details}]}; with format=csv or xlsx, rows metric,unit,group,group_label,at,value,local_day",
      404: "no such metric",
    },
  },
];

export function metricRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/metrics", (c) => {
    requirePermission(c, "metrics.read");
    return c.json({ metrics: METRICS.map(describeMetric) });
  });

  app.get("/metrics/:name", async (c) => {
    const user = requirePermission(c, "metrics.read");
    const metric = findMetric(c.req.param("name"));
    if (!metric) throw notFound("Metric");
    const query = readQuery(c, MetricValuesQuery);
    const { database, now } = c.get("deps");
    const projectId = query.projectId === undefined ? null : (await visibleProject(c, query.projectId)).project.id;
    const to = query.to === undefined ? now() : Date.parse(query.to);
    const from =
      query.from === undefined ? to - (query.grain === "hour" ? 24 : 30 * 24) * 3_600_000 : Date.parse(query.from);
    if (!(from < to)) throw invalidInput("from must be before to", [{ path: "query.from", message: "not before to" }]);
    if ((to - from) / grainMs(query.grain) > MAX_BUCKETS)
      throw invalidInput(`At most ${MAX_BUCKETS} ${query.grain}s at a time`, [
        { path: "query.from", message: "too far back for this grain" },
      ]);
    const timeZone = await reportingTimeZone(c, query.timeZone);
    const values = await readMetricValues(database.db, {
      metric,
      projectId,
      vendor: vendorScope(user),
      from,
      to,
      grain: query.grain,
      groupBy: query.groupBy ?? null,
      now: now(),
      timeZone,
    });
    if (query.format === "csv") {
      c.header("content-type", "text/csv; charset=utf-8");
      c.header("content-disposition", `attachment; filename="${metric.name}.csv"`);
      return c.body(textStream(metricCsv(metric, values, timeZone)));
    }
    if (query.format === "xlsx") {
      c.header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      c.header("content-disposition", `attachment; filename="${metric.name}.xlsx"`);
      return c.body(new Uint8Array(await metricXlsx(metric, values, timeZone)));
    }
    return c.json({
      metric: describeMetric(metric),
      grain: query.grain,
      timeZone,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      series: values.series.map((s) => ({
        group: s.group,
        total: s.total,
        points: s.points.map((p) => ({ at: new Date(p.at).toISOString(), value: p.value })),
      })),
      checks: values.checks,
    });
  });
  return app;
}
