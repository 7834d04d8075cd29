import { localDate } from "@quorum/core";
import { projectDailyThroughput, projectStats, readOwnToday } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryInteger, readQuery } from "../validate.js";
import { visibilityOf } from "./people-scope.js";
import { visibleProject } from "./project-access.js";
import { reportingTimeZone, TimeZoneQuery } from "./time-zone-param.js";

export const StatsQuery = z.object({
  hours: queryInteger()
    .pipe(
      z
        .number()
        .min(1)
        .max(24 * 90),
    )
    .default(72),
  days: queryInteger().pipe(z.number().min(1).max(90)).default(14).describe("days of the daily throughput"),
  timeZone: TimeZoneQuery,
});

export const statsDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/projects/{id}/stats",
    tag: "Stats",
    summary:
      "Tasks by status, judgments, throughput over the last hour and day, an hourly timeline, daily throughput over the last `days` local days of `timeZone` (default: the workspace's zone), and per-annotator counts, active time and gold accuracy.",
    access:
      "stats.read (admin, manager, reviewer, vendor lead, analyst); a vendor lead sees only their vendor's annotators",
    query: StatsQuery,
    responses: { 200: "stats" },
  },
  {
    method: "get",
    path: "/me/today",
    tag: "Stats",
    summary:
      "The caller's own figures today, per project. goldAnswered and goldCorrect are 0 unless the project's gold policy gives feedback on hidden controls (goldPolicy.feedback.hidden): a count that moves after an answer would tell that it was a control.",
    access: "signed in",
    responses: { 200: "{projects}" },
  },
];

export function statsRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/projects/:id/stats", async (c) => {
    const user = requirePermission(c, "stats.read");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const { hours, days, timeZone: chosen } = readQuery(c, StatsQuery);
    const { database, now } = c.get("deps");
    const stats = await projectStats(database.db, project.id, now(), hours);
    const timeZone = await reportingTimeZone(c, chosen);
    const daily = await projectDailyThroughput(database.db, { projectId: project.id, now: now(), days, timeZone });
    const visibility = await visibilityOf(c, user);
    stats.annotators = stats.annotators.filter((a) => visibility.sees(a.id));
    return c.json({
      ...stats,
      timeline: stats.timeline.map((t) => ({ hour: new Date(t.hour).toISOString(), judgments: t.judgments })),
      timeZone,
      daily: daily.map((d) => ({
        day: localDate(d.day, timeZone),
        start: new Date(d.day).toISOString(),
        judgments: d.judgments,
      })),
    });
  });

  app.get("/me/today", async (c) => {
    const user = currentUser(c);
    const { database, now } = c.get("deps");
    return c.json({ projects: await readOwnToday(database.db, user, now()) });
  });
  return app;
}
