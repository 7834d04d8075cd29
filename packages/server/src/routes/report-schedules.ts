import {
  canActOnReportSchedule,
  DEFAULT_REPORT_CRON,
  editedReportSchedule,
  forbidden,
  notFound,
  REPORT_KINDS,
  reportRecipient,
  reportScheduleRefusal,
  scheduleTimingChange,
  type User,
} from "@quorum/core";
import {
  type Database,
  deleteReportSchedule,
  findReportSchedule,
  insertReportSchedule,
  listBusinessUnits,
  listReportRuns,
  listReportSchedules,
  type ReportRun,
  type ReportSchedule,
  updateReportSchedule,
  workspaceTimeZone,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { nextRunAt, runReport } from "../reports/report-scheduler.js";
import { idParam, readJson } from "../validate.js";
import { TimeZoneName } from "./time-zone-param.js";

export const CreateReportScheduleBody = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.enum(REPORT_KINDS).describe("daily_digest: a manager's projects; weekly_business_unit: a unit's"),
    cron: z.string().min(9).max(100).optional().describe("croner pattern; default 07:00 daily, or Mondays 07:00"),
    timeZone: TimeZoneName.optional().describe("default: the workspace's"),
    recipientId: z.number().int().positive().optional().describe("daily_digest: the manager (default: the caller)"),
    businessUnitId: z.number().int().positive().optional().describe("weekly_business_unit: required"),
    emails: z.array(z.email()).max(50).default([]),
  })
  .refine((b) => b.kind !== "weekly_business_unit" || b.businessUnitId !== undefined, {
    message: "a weekly business unit report needs businessUnitId",
    path: ["businessUnitId"],
  });

export const UpdateReportScheduleBody = z
  .object({
    name: z.string().min(1).max(200),
    kind: z.enum(REPORT_KINDS),
    cron: z.string().min(9).max(100).describe("croner pattern; the next run is recomputed from it"),
    timeZone: TimeZoneName,
    recipientId: z
      .number()
      .int()
      .positive()
      .nullable()
      .describe("reports.manage: anyone (null: e-mail addresses only, weekly reports)"),
    businessUnitId: z.number().int().positive(),
    emails: z.array(z.email()).max(50),
    paused: z
      .boolean()
      .describe(
        "true: the scheduler leaves it out (Run now still works); false: it runs again, its next run the pattern's first after now (missed runs are not made up)",
      ),
  })
  .partial()
  .strict();

export const reportScheduleDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/report-schedules",
    tag: "Reports",
    summary:
      "Schedules a report: a daily digest of a manager's projects or a weekly report of a business unit's, on a cron pattern in a time zone. Each run is e-mailed when SMTP is configured and always kept in the app.",
    access:
      "reports.manage (admin, manager): any kind, for anyone; reports.schedule (analyst, finance): a business unit's weekly report, addressed to themselves",
    body: CreateReportScheduleBody,
    example: { name: "Daily digest", kind: "daily_digest", timeZone: "Europe/Berlin", emails: ["ops@example.com"] },
    responses: {
      201: "{schedule}",
      400: "bad cron pattern, time zone or missing business unit",
      403: "reports.schedule only: a daily digest, or another recipient",
    },
  },
  {
    method: "get",
    path: "/report-schedules",
    tag: "Reports",
    summary:
      "The report schedules with their next and last run and whether each is paused (paused, pausedAt; nextRunAt is null while paused). The last run is the newest, manual (Run now) or scheduled: lastRunAt, and lastRun {at, delivery: emailed | in_app | failed, error} (null before the first); every one for reports.manage, one's own for reports.schedule, and the business units a weekly report may cover.",
    access: "reports.manage or reports.schedule",
    responses: { 200: "{schedules, businessUnits: [{id, name}]}" },
  },
  {
    method: "delete",
    path: "/report-schedules/{id}",
    tag: "Reports",
    summary: "Deletes a schedule; the runs already made stay listed.",
    access: "reports.manage, or reports.schedule for one's own",
    responses: { 204: "deleted", 404: "no such schedule" },
  },
  {
    method: "patch",
    path: "/report-schedules/{id}",
    tag: "Reports",
    summary:
      "Changes a schedule: its name, cron pattern, time zone, kind, recipient, business unit or e-mail addresses, or pauses and resumes it (each absent field is kept). A new pattern or time zone moves the next run; resuming sets it to the pattern's first after now; the runs already made stay listed. A paused schedule has no next run (nextRunAt null) until resumed.",
    access:
      "reports.manage: any schedule; reports.schedule: one's own, still a business unit's weekly report addressed to themselves",
    body: UpdateReportScheduleBody,
    example: { cron: "0 9 * * 2", timeZone: "Europe/Berlin", paused: false },
    responses: {
      200: "{schedule}",
      400: "bad cron pattern, time zone or paused, a weekly report without a business unit",
      403: "reports.schedule only: a daily digest, or another recipient",
      404: "no such schedule (or another person's, for reports.schedule)",
    },
  },
  {
    method: "post",
    path: "/report-schedules/{id}/run",
    tag: "Reports",
    summary:
      "Runs a schedule now, paused or not (its next scheduled run and its pause are unchanged); the run becomes the schedule's lastRun.",
    access: "reports.manage, or reports.schedule for one's own",
    responses: { 201: "{run}" },
  },
  {
    method: "get",
    path: "/report-schedules/{id}/runs",
    tag: "Reports",
    summary: "A schedule's runs, newest first: period, subject, text and delivery (emailed, in_app or failed).",
    access: "reports.manage, or reports.schedule for one's own",
    responses: { 200: "{runs}" },
  },
  {
    method: "get",
    path: "/me/reports",
    tag: "Reports",
    summary: "The reports addressed to the caller, newest first (the in-app list of their digests).",
    access: "any signed-in user (their own)",
    responses: { 200: "{runs}" },
  },
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function reportScheduleView(schedule: ReportSchedule) {
  const paused = schedule.pausedAt !== null;
  return {
    ...schedule,
    paused,
    pausedAt: iso(schedule.pausedAt),
    nextRunAt: paused ? null : iso(schedule.nextRunAt),
    /** The newest run's time, as before (manual runs included). */
    lastRunAt: iso(schedule.lastRun?.at ?? null),
    lastRun: schedule.lastRun && { ...schedule.lastRun, at: iso(schedule.lastRun.at) },
    createdAt: iso(schedule.createdAt),
  };
}
export type ReportScheduleView = ReturnType<typeof reportScheduleView>;

export function reportRunView(run: ReportRun) {
  return { ...run, periodFrom: iso(run.periodFrom), periodTo: iso(run.periodTo), createdAt: iso(run.createdAt) };
}
export type ReportRunView = ReturnType<typeof reportRunView>;

export function reportScheduleRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/report-schedules", async (c) => {
    const user = requirePermission(c, "reports.schedule");
    const body = await readJson(c, CreateReportScheduleBody);
    const refusal = reportScheduleRefusal(user, body);
    if (refusal) throw forbidden(refusal);
    const { database, now } = c.get("deps");
    const timeZone = body.timeZone ?? (await workspaceTimeZone(database.db));
    const cron = body.cron ?? DEFAULT_REPORT_CRON[body.kind];
    const at = now();
    const schedule = await insertReportSchedule(database.db, {
      name: body.name,
      kind: body.kind,
      cron,
      timeZone,
      recipientId: reportRecipient(user, body),
      businessUnitId: body.kind === "weekly_business_unit" ? (body.businessUnitId ?? null) : null,
      emails: body.emails,
      nextRunAt: nextRunAt(cron, timeZone, at),
      createdBy: user.id,
      createdAt: at,
    });
    return c.json({ schedule: reportScheduleView(schedule) }, 201);
  });

  app.get("/report-schedules", async (c) => {
    const user = requirePermission(c, "reports.schedule");
    const db = c.get("deps").database.db;
    const [schedules, units] = await Promise.all([listReportSchedules(db), listBusinessUnits(db)]);
    return c.json({
      schedules: schedules.filter((schedule) => canActOnReportSchedule(user, schedule)).map(reportScheduleView),
      businessUnits: units.map((unit) => ({ id: unit.id, name: unit.name })),
    });
  });

  app.delete("/report-schedules/:id", async (c) => {
    const user = requirePermission(c, "reports.schedule");
    const db = c.get("deps").database.db;
    const schedule = await ownSchedule(user, db, idParam(c, "id"));
    if (!(await deleteReportSchedule(db, schedule.id))) throw notFound("Report schedule");
    return c.body(null, 204);
  });

  app.patch("/report-schedules/:id", async (c) => {
    const user = requirePermission(c, "reports.schedule");
    const { database, now } = c.get("deps");
    const schedule = await ownSchedule(user, database.db, idParam(c, "id"));
    const body = await readJson(c, UpdateReportScheduleBody);
    const addressed = editedReportSchedule(user, schedule, body);
    const cron = body.cron ?? schedule.cron;
    const timeZone = body.timeZone ?? schedule.timeZone;
    const at = now();
    const { rescheduled, ...pause } = scheduleTimingChange(schedule, { cron, timeZone, paused: body.paused }, at);
    const updated = await updateReportSchedule(database.db, schedule.id, {
      ...addressed,
      name: body.name ?? schedule.name,
      cron,
      timeZone,
      emails: body.emails ?? schedule.emails,
      ...pause,
      ...(rescheduled && { nextRunAt: nextRunAt(cron, timeZone, at) }),
    });
    if (!updated) throw notFound("Report schedule");
    return c.json({ schedule: reportScheduleView(updated) });
  });

  app.post("/report-schedules/:id/run", async (c) => {
    const user = requirePermission(c, "reports.schedule");
    const { database, now, log, mailer } = c.get("deps");
    const schedule = await ownSchedule(user, database.db, idParam(c, "id"));
    const run = await runReport({ database, log, mailer }, schedule, now());
    return c.json({ run: reportRunView(run) }, 201);
  });

  app.get("/report-schedules/:id/runs", async (c) => {
    const user = requirePermission(c, "reports.schedule");
    const db = c.get("deps").database.db;
    const schedule = await ownSchedule(user, db, idParam(c, "id"));
    const runs = await listReportRuns(db, { scheduleId: schedule.id });
    return c.json({ runs: runs.map(reportRunView) });
  });

  app.get("/me/reports", async (c) => {
    const user = currentUser(c);
    const runs = await listReportRuns(c.get("deps").database.db, { recipientId: user.id, limit: 50 });
    return c.json({ runs: runs.map(reportRunView) });
  });

  return app;
}

/** The schedule `id` if `user` may act on it; another person's is as good as missing to them. */
async function ownSchedule(user: User, db: Database["db"], id: number): Promise<ReportSchedule> {
  const schedule = await findReportSchedule(db, id);
  if (!schedule || !canActOnReportSchedule(user, schedule)) throw notFound("Report schedule");
  return schedule;
}
