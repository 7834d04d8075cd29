import { effectiveHourlyWage, invalidInput, notFound, TASK_TYPES, type TaskType, type User } from "@quorum/core";
import {
  ADJUSTMENT_KINDS,
  COST_GROUPS,
  type CostScope,
  countUnpricedJudgments,
  deleteRateCard,
  earningsOf,
  getProject,
  getRateCard,
  insertRateCard,
  listRateCards,
  recordCostAdjustment,
  type StoredRateCard,
  summarizeCost,
  updateRateCard,
  writeAudit,
} from "@quorum/storage";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { vendorScope } from "./vendor-scope.js";

const Instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((value) => Date.parse(value));
const Currency = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as USD");
const Minor = z.number().int().min(0).max(1e12);
const BasisPoints = z.number().int().min(0).max(100_000).describe("basis points: 100 = 1%");

/** A rate card's fields, without defaults (a PATCH changes only the fields it gives). */
const rateCardFields = {
  name: z.string().trim().max(200),
  currency: Currency,
  effectiveFrom: Instant.describe("ISO 8601 date or time; in force from then (inclusive)"),
  effectiveTo: Instant.nullable().describe("until then (exclusive); null: for good"),
  projectId: z.number().int().positive().nullable().describe("null: any project"),
  taskType: z
    .enum(TASK_TYPES as [TaskType, ...TaskType[]])
    .nullable()
    .describe("null: any task type"),
  language: z.string().trim().min(1).max(35).nullable().describe("null: any language"),
  vendor: z.string().trim().min(1).max(200).nullable().describe("null: any vendor"),
  payPerJudgmentMinor: Minor,
  payPerActiveHourMinor: Minor,
  reviewPayPerReviewMinor: Minor,
  reviewPayPerHourMinor: Minor,
  trainingPayPerHourMinor: Minor.describe("paid training and exams, per active hour"),
  platformFeeBps: BasisPoints,
  vendorMarkupBps: BasisPoints,
  payRejected: z.boolean().describe("whether a judgment rejected in review is still paid"),
};

export const RateCardBody = z.object({
  ...rateCardFields,
  name: rateCardFields.name.default(""),
  effectiveTo: rateCardFields.effectiveTo.default(null),
  projectId: rateCardFields.projectId.default(null),
  taskType: rateCardFields.taskType.default(null),
  language: rateCardFields.language.default(null),
  vendor: rateCardFields.vendor.default(null),
  payPerJudgmentMinor: Minor.default(0),
  payPerActiveHourMinor: Minor.default(0),
  reviewPayPerReviewMinor: Minor.default(0),
  reviewPayPerHourMinor: Minor.default(0),
  trainingPayPerHourMinor: Minor.default(0),
  platformFeeBps: BasisPoints.default(0),
  vendorMarkupBps: BasisPoints.default(0),
  payRejected: rateCardFields.payRejected.default(true),
});
export type RateCardBody = z.infer<typeof RateCardBody>;
export const UpdateRateCardBody = z.object(rateCardFields).partial();

export const ListRateCardsQuery = z.object({
  projectId: z.coerce.number().int().positive().optional(),
  at: Instant.optional().describe("only the cards in force then"),
});

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
export const EarningsQuery = z.object(Range);

const MONEY_NOTE =
  "Money is integer minor units (cents) of `currency`; `currencyExponent` gives the digits after the point (USD 2, JPY 0).";

export const costDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/rate-cards",
    tag: "Cost",
    summary:
      "Rate cards, newest first: pay per judgment and per active hour, review and training pay, platform fee and vendor markup (basis points), each effective-dated and scoped by project, task type, language and vendor (null: any). The most specific card in force prices work. A vendor lead sees the cards of any vendor and their own.",
    access: "cost.read (admin, manager, analyst, finance, vendor lead)",
    query: ListRateCardsQuery,
    responses: { 200: "{rateCards}" },
  },
  {
    method: "get",
    path: "/rate-cards/{id}",
    tag: "Cost",
    summary: "One rate card.",
    access: "cost.read",
    responses: { 200: "{rateCard}" },
  },
  {
    method: "post",
    path: "/rate-cards",
    tag: "Cost",
    summary: `Adds a rate card. The ledger keeps what was paid: a card prices only work done while it is in force, and changes never rewrite history. ${MONEY_NOTE}`,
    access: "cost.manage (admin, manager, finance)",
    body: RateCardBody,
    responses: { 201: "{rateCard}", 400: "bad field (named)" },
  },
  {
    method: "patch",
    path: "/rate-cards/{id}",
    tag: "Cost",
    summary:
      "Changes a rate card (the fields given). To change a rate from a date, end the card there and add a new one.",
    access: "cost.manage",
    body: UpdateRateCardBody,
    responses: { 200: "{rateCard}", 400: "bad field (named)" },
  },
  {
    method: "delete",
    path: "/rate-cards/{id}",
    tag: "Cost",
    summary: "Deletes a rate card; the ledger rows it priced stay.",
    access: "cost.manage",
    responses: { 204: "deleted" },
  },
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
    summary: `The caller's own pay over [from, to) by UTC day and project (judgments, reviews, exams, training, bonuses, top-ups; not fees), with totals per currency and the effective hourly wage (pay ÷ active time). ${MONEY_NOTE}`,
    access: "signed in",
    query: EarningsQuery,
    responses: { 200: "{from, to, days, totals}" },
  },
];

/** Digits after the point of a currency (2 for USD, 0 for JPY). */
function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function rateCardView(card: StoredRateCard) {
  return {
    ...card,
    effectiveFrom: iso(card.effectiveFrom),
    effectiveTo: iso(card.effectiveTo),
    createdAt: iso(card.createdAt),
    updatedAt: iso(card.updatedAt),
    currencyExponent: currencyExponent(card.currency),
  };
}

function range(c: Context<AppEnv>, query: { from?: number | undefined; to?: number | undefined }) {
  const now = new Date(c.get("deps").now());
  const to = query.to ?? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const end = new Date(to - 1);
  const from = query.from ?? Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1);
  if (!(from < to))
    throw invalidInput("from must be before to", [{ path: "query.from", message: "must be before to" }]);
  return { from, to };
}

/** Refuses a card or an adjustment for a project that does not exist, naming the field. */
async function checkProject(c: Context<AppEnv>, projectId: number | null | undefined): Promise<void> {
  if (projectId === null || projectId === undefined) return;
  if (!(await getProject(c.get("deps").database.db, projectId)))
    throw invalidInput("No such project", [{ path: "projectId", message: `project ${projectId} not found` }]);
}

/** Whose costs the caller may read: a vendor lead only their vendor's people. */
function costScope(user: User): CostScope {
  const vendor = vendorScope(user);
  return vendor === null ? {} : { vendor };
}

export function costRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/rate-cards", async (c) => {
    const user = requirePermission(c, "cost.read");
    const query = readQuery(c, ListRateCardsQuery);
    const vendor = vendorScope(user);
    const cards = await listRateCards(c.get("deps").database.db, {
      ...(query.projectId === undefined ? {} : { projectId: query.projectId }),
      ...(query.at === undefined ? {} : { at: query.at }),
    });
    return c.json({
      rateCards: cards
        .filter((card) => vendor === null || card.vendor === null || card.vendor === vendor)
        .map(rateCardView),
    });
  });

  app.get("/rate-cards/:id", async (c) => {
    const user = requirePermission(c, "cost.read");
    const card = await getRateCard(c.get("deps").database.db, idParam(c, "id"));
    const vendor = vendorScope(user);
    if (vendor !== null && card.vendor !== null && card.vendor !== vendor) throw notFound("Rate card");
    return c.json({ rateCard: rateCardView(card) });
  });

  app.post("/rate-cards", async (c) => {
    const user = requirePermission(c, "cost.manage");
    const body = await readJson(c, RateCardBody);
    await checkProject(c, body.projectId);
    const { database, now } = c.get("deps");
    const card = await insertRateCard(database, body, { id: user.id, now: now() });
    await writeAudit(database.db, {
      projectId: card.projectId,
      actorId: user.id,
      action: "rate_card.create",
      details: { id: card.id },
      now: now(),
    });
    return c.json({ rateCard: rateCardView(card) }, 201);
  });

  app.patch("/rate-cards/:id", async (c) => {
    const user = requirePermission(c, "cost.manage");
    const id = idParam(c, "id");
    const patch = await readJson(c, UpdateRateCardBody);
    await checkProject(c, patch.projectId);
    const { database, now } = c.get("deps");
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const card = await updateRateCard(database, id, changes, { now: now() });
    await writeAudit(database.db, {
      projectId: card.projectId,
      actorId: user.id,
      action: "rate_card.update",
      details: { id, changes },
      now: now(),
    });
    return c.json({ rateCard: rateCardView(card) });
  });

  app.delete("/rate-cards/:id", async (c) => {
    const user = requirePermission(c, "cost.manage");
    const id = idParam(c, "id");
    const { database, now } = c.get("deps");
    await deleteRateCard(database, id);
    await writeAudit(database.db, {
      projectId: null,
      actorId: user.id,
      action: "rate_card.delete",
      details: { id },
      now: now(),
    });
    return c.body(null, 204);
  });

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
      currencyExponent: currencyExponent(row.currency),
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
      rows: rows.map((row) => ({ ...row, currencyExponent: currencyExponent(row.currency) })),
      unpricedJudgments,
    });
  });

  app.get("/me/earnings", async (c) => {
    const user = currentUser(c);
    const { from, to } = range(c, readQuery(c, EarningsQuery));
    const days = await earningsOf(c.get("deps").database.db, { annotatorId: user.id, from, to });
    const totals = new Map<string, { currency: string; payMinor: number; activeMs: number; judgments: number }>();
    for (const day of days) {
      const total = totals.get(day.currency) ?? { currency: day.currency, payMinor: 0, activeMs: 0, judgments: 0 };
      total.payMinor += day.payMinor;
      total.activeMs += day.activeMs;
      total.judgments += day.judgments;
      totals.set(day.currency, total);
    }
    const withWage = <T extends { payMinor: number; activeMs: number; currency: string }>(x: T) => ({
      ...x,
      currencyExponent: currencyExponent(x.currency),
      hourlyWageMinor: effectiveHourlyWage(x),
    });
    return c.json({
      from: iso(from),
      to: iso(to),
      days: days.map((day) => withWage({ ...day, day: new Date(day.day).toISOString().slice(0, 10) })),
      totals: [...totals.values()].map(withWage),
    });
  });

  return app;
}
