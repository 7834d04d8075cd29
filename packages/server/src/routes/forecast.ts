import { can, ETA_LEVELS, type EtaPercentile } from "@quorum/core";
import {
  type DeliveryStatus,
  deliveryStatusOf,
  type ProjectForecast,
  readBottlenecks,
  readProjectForecast,
  resolveGoneRiskAlerts,
  writeDeliveryStatus,
} from "@quorum/storage";
import { Hono } from "hono";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readQuery } from "../validate.js";
import { visibleProject } from "./project-access.js";
import { ReaderQuery, requestDayWriter } from "./reader-param.js";

export const forecastDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects/{id}/forecast",
    tag: "Forecasts",
    summary:
      "The finish-date distribution and the risk register. Each future day's completions are drawn with equal weight from the last 28 days' judgments (activity roll-up); the backlog is in expected judgments (dynamic overlap from the final counts of settled tasks, gold share added), and eta.days.pX is the smallest whole number of days d with P(done within d days) ≥ X%, computed exactly by convolution, with eta.dates the end of that day. While tasks can never finish (a language, or the whole project, with fewer eligible annotators than the judgments each task needs from different people: the register's pool_too_small), level is 'blocked', eta.days and eta.dates are null (never), probabilityOnTime is 0 with a deadline, curve is empty, and blocked names the blocker {reason: 'pool_too_small', scope: 'all' | 'part', languages, judgmentsPerTask, pools: [{language, openTasks, eligiblePeople, missingPeople}], driver, action, finishable}; finishable is, when only some languages are starved, the finish of the other languages' part {expectedJudgments, days, dates} (their share of the backlog by open tasks), else null; blocked is null otherwise. risks: deadline_at_risk (85th percentile past the deadline), quality_falling, budget_overrun (budgets in force; only for holders of cost.read), pool_too_small (per language), review_backlog_growing, exposure_cap_binding; each with driver, action and figures. Read from roll-ups only; reading it resolves the project's open pool_too_small alerts whose cause has gone (each with its alert.resolved event), and, for readers who may see money (the whole register), keeps its level, p85 finish and risks as the project's delivery verdict in GET /projects. The days inside the sentences (risks[].action) are written in the reader's `timeZone` and `locale` (default: the workspace's zone, English); the structured fields stay instants.",
    access: "stats.read (admin, manager, reviewer, vendor lead, analyst)",
    query: ReaderQuery,
    responses: {
      200: "{projectId, asOf, deadline, level, eta: {days, dates}, probabilityOnTime, blocked, history, backlog, curve, risks}",
    },
  },
  {
    method: "get",
    path: "/projects/{id}/bottlenecks",
    tag: "Forecasts",
    summary:
      "Where the project's work is held up: skip and lease-expiry rates of the latest 5,000 leases, queues starving in a language (open tasks per eligible person), stuck tasks (judged, unmoved for 24 hours; counted up to 10,000), and the review backlog; findings name each with its figures.",
    access: "stats.read",
    responses: { 200: "{skipRate, expiryRate, languages, stuckTasks, reviewBacklog, findings}" },
  },
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function forecastView(forecast: ProjectForecast, deadline: number | null) {
  const { delivery } = forecast;
  const keys = Object.keys(ETA_LEVELS) as EtaPercentile[];
  return {
    projectId: forecast.projectId,
    asOf: new Date(forecast.asOf).toISOString(),
    deadline: iso(deadline),
    level: delivery.level,
    eta: {
      days: delivery.eta.days,
      dates: Object.fromEntries(keys.map((k) => [k, iso(delivery.finish[k])])) as Record<EtaPercentile, string | null>,
    },
    probabilityOnTime: delivery.probabilityOnTime,
    blocked: delivery.blocked && {
      reason: delivery.blocked.block.kind,
      scope: delivery.blocked.block.scope,
      languages: delivery.blocked.block.languages,
      judgmentsPerTask: delivery.blocked.block.judgmentsPerTask,
      pools: delivery.blocked.block.pools,
      driver: delivery.blocked.block.driver,
      action: delivery.blocked.block.action,
      finishable: delivery.blocked.finishable && {
        expectedJudgments: delivery.blocked.finishable.backlog,
        days: delivery.blocked.finishable.eta.days,
        dates: Object.fromEntries(keys.map((k) => [k, iso(delivery.blocked!.finishable!.finish[k])])) as Record<
          EtaPercentile,
          string | null
        >,
      },
    },
    requiredPerDay: delivery.requiredPerDay,
    meanPerDay: delivery.meanPerDay,
    history: { from: new Date(forecast.history.from).toISOString(), dailyJudgments: forecast.history.dailyJudgments },
    backlog: forecast.backlog,
    curve: forecast.curve,
    risks: forecast.risks,
  };
}
export type ProjectForecastView = ReturnType<typeof forecastView>;

/** A project's latest delivery verdict in `GET /projects`: the forecast's level, p85 finish and risks, as of `asOf`. */
export function deliveryStatusView(status: DeliveryStatus) {
  return {
    level: status.level,
    finishP85: iso(status.finishP85),
    risks: status.risks,
    asOf: new Date(status.evaluatedAt).toISOString(),
  };
}
export type DeliveryStatusView = ReturnType<typeof deliveryStatusView>;

export function forecastRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/projects/:id/forecast", async (c) => {
    const user = requirePermission(c, "stats.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const writeDay = await requestDayWriter(c, readQuery(c, ReaderQuery));
    const { database, now } = c.get("deps");
    const includeBudgets = can(user.role, "cost.read");
    const forecast = await readProjectForecast(database.db, project, { now: now(), includeBudgets, writeDay });
    // The projects list shows the latest verdict: this one, when its register is whole (budgets judged too).
    if (includeBudgets) await writeDeliveryStatus(database.db, deliveryStatusOf(forecast));
    // The register just read is the truth about the pools: a pool alert whose cause has gone (an
    // annotator joined or was qualified) resolves as the page is read, not minutes later.
    if (project.status === "active")
      await resolveGoneRiskAlerts(database, project, forecast.risks, ["pool_too_small"], now());
    return c.json(forecastView(forecast, project.deadline));
  });

  app.get("/projects/:id/bottlenecks", async (c) => {
    requirePermission(c, "stats.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { database, now } = c.get("deps");
    return c.json(await readBottlenecks(database.db, project, now()));
  });
  return app;
}
