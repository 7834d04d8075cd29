import {
  currencyFractionDigits,
  earningsTotals,
  effectiveHourlyWage,
  invalidInput,
  localDate,
  type User,
} from "@quorum/core";
import {
  ADJUSTMENT_KINDS,
  COST_GROUPS,
  type CostScope,
  countUnpricedJudgments,
  earningsOf,
  recordCostAdjustment,
  summarizeCost,
} from "@quorum/storage";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { readJson, readQuery } from "../validate.js";
import { Currency, checkProject, Instant, iso, MONEY_NOTE } from "./cost-params.js";
import { reportingTimeZone, TimeZoneQuery } from "./time-zone-param.js";
import { vendorScope } from "./vendor-scope.js";

export const CostAdjustmentBody = z.object({
  kind: z.enum(ADJUSTMENT_KINDS).describe("bonus, adjustment, top_up (fair pay) or fee"),
  amountMinor: z
    .number()
    .int()
    .min(-1e12)
    .max(1e12)
    .refine((v) => v !== 0, "must not be 0")
    .describe("signed integer minor units (cents): negative takes money back"),
  currency: Currency,
  projectId: z.number().int().positive().nullable().default(null),
  annotatorId: z.number().int().positive().nullable().default(null).describe("the person paid, if any"),
  taskId: z.number().int().positive().nullable().default(null),
  note: z.string().trim().min(1).max(2000).describe("why: kept in the ledger and the audit log"),
  key: z
    .string()
    .regex(/^[\w.:-]{1,100}$/, "letters, digits, _ . : - (at most 100)")
    .optional()
    .describe("idempotency key: the same key again returns the first row and writes nothing"),
  at: Instant.optional().describe("when the cost was incurred; default now"),
});

const Range = {
  from: Instant.optional().describe("ISO 8601 date or time; default the first day of this month (UTC)"),
  to: Instant.optional().describe("exclusive; default the end of today (UTC)"),
};
export const CostSummaryQuery = z.object({ ...Range, groupBy: z.enum(COST_GROUPS).default("project") });
export const EarningsQuery = z.object({
  ...Range,
  timeZone: TimeZoneQuery.describe("IANA zone of the days (default: the caller's own zone, else the workspace's)"),
});

export const costDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/cost/adjustments",
    tag: "Cost",
    summary: `Appends a manual ledger row (bonus, adjustment, fair-pay top-up or fee), with the project's business unit and the person's vendor as they are now; audit-logged. Corrections are new rows: the ledger is never edited. ${MONEY_NOTE}`,
    access: "cost.manage",
    body: CostAdjustmentBody,
    responses: { 201: "{entry}", 200: "{entry} (the same key again)" },
  },
  {
    method: "get",
    path: "/cost/summary",
    tag: "Cost",
    summary: `Cost per accepted label by project, business unit, language, vendor or annotator over [from, to): rows {key, label, currency, total, acceptedLabels, perAcceptedLabel, components: {base, overlap, gold, rework, review, bonus, fees}}; the components add up to the total exactly. Dimensions are those recorded with each cost (a later move or rename does not rewrite them). unpricedJudgments counts judgments no rate card priced. ${MONEY_NOTE}`,
    access: "cost.read; a vendor lead sees only their vendor's people",
    query: CostSummaryQuery,
    responses: { 200: "{from, to, groupBy, rows, unpricedJudgments}" },
  },
  {
    method: "get",
    path: "/me/earnings",
    tag: "Cost",
    summary: `The caller's own pay over [from, to) by day (in timeZone, default the caller's own zone) and project (judgments, reviews, exams, training, bonuses, top-ups; not fees), with totals per currency and the effective hourly wage (pay ÷ active time). ${MONEY_NOTE}`,
    access: "signed in",
    query: EarningsQuery,
    responses: { 200: "{from, to, timeZone, days, totals}" },
  },
];

function range(c: Context<AppEnv>, query: { from?: number | undefined; to?: number | undefined }) {
  const now = new Date(c.get("deps").now());
  const to = query.to ?? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const end = new Date(to - 1);
  const from = query.from ?? Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1);
  if (!(from < to))
    throw invalidInput("from must be before to", [{ path: "query.from", message: "must be before to" }]);
  return { from, to };
}

/** Whose costs the caller may read: a vendor lead only their vendor's people. */
function costScope(user: User): CostScope {
  const vendor = vendorScope(user);
  return vendor === null ? {} : { vendor };
}

export function costRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/cost/adjustments", async (c) => {
    const user = requirePermission(c, "cost.manage");
    const body = await readJson(c, CostAdjustmentBody);
    await checkProject(c, body.projectId);
    const { database, now } = c.get("deps");
    const { key, at, ...rest } = body;
    const { row, created } = await recordCostAdjustment(
      database,
      { ...rest, key: key ?? crypto.randomUUID(), ...(at === undefined ? {} : { at }) },
      { id: user.id, now: now() },
    );
    const entry = {
      id: row.id,
      kind: row.kind,
      component: row.component,
      amountMinor: row.amount_minor,
      currency: row.currency,
      fractionDigits: currencyFractionDigits(row.currency),
      projectId: row.project_id,
      businessUnitId: row.business_unit_id,
      annotatorId: row.annotator_id,
      vendor: row.vendor,
      taskId: row.task_id,
      note: row.note,
      key: row.source_key.slice("manual:".length),
      at: iso(row.at),
    };
    return c.json({ entry }, created ? 201 : 200);
  });

  app.get("/cost/summary", async (c) => {
    const user = requirePermission(c, "cost.read");
    const query = readQuery(c, CostSummaryQuery);
    const { from, to } = range(c, query);
    const scope = costScope(user);
    const db = c.get("deps").database.db;
    const [rows, unpricedJudgments] = await Promise.all([
      summarizeCost(db, { from, to, groupBy: query.groupBy, scope }),
      countUnpricedJudgments(db, { from, to, scope }),
    ]);
    return c.json({
      from: iso(from),
      to: iso(to),
      groupBy: query.groupBy,
      rows: rows.map((row) => ({ ...row, fractionDigits: currencyFractionDigits(row.currency) })),
      unpricedJudgments,
    });
  });

  app.get("/me/earnings", async (c) => {
    const user = currentUser(c);
    const query = readQuery(c, EarningsQuery);
    const { from, to } = range(c, query);
    const timeZone = await reportingTimeZone(c, query.timeZone, { userId: user.id });
    const days = await earningsOf(c.get("deps").database.db, { annotatorId: user.id, from, to, timeZone });
    const withWage = <T extends { payMinor: number; activeMs: number; currency: string }>(x: T) => ({
      ...x,
      fractionDigits: currencyFractionDigits(x.currency),
      hourlyWageMinor: effectiveHourlyWage(x),
    });
    return c.json({
      from: iso(from),
      to: iso(to),
      timeZone,
      days: days.map((day) => withWage({ ...day, day: localDate(day.day, timeZone) })),
      totals: earningsTotals(days).map(withWage),
    });
  });

  return app;
}
