import { currencyFractionDigits, notFound, TASK_TYPES, type TaskType } from "@quorum/core";
import {
  deleteRateCard,
  getRateCard,
  insertRateCard,
  listRateCards,
  type StoredRateCard,
  updateRateCard,
  writeAudit,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson, readQuery } from "../validate.js";
import { Currency, checkProject, Instant, iso, MONEY_NOTE } from "./cost-params.js";
import { vendorScope } from "./vendor-scope.js";

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
  payRejected: z
    .boolean()
    .describe(
      "whether a judgment rejected in review, or a missed gold answer the annotator is told about, is still paid (a hidden control's miss without feedback is paid as an ordinary judgment)",
    ),
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

export const rateCardDocs: RouteDoc[] = [
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
];

export function rateCardView(card: StoredRateCard) {
  return {
    ...card,
    effectiveFrom: iso(card.effectiveFrom),
    effectiveTo: iso(card.effectiveTo),
    createdAt: iso(card.createdAt),
    updatedAt: iso(card.updatedAt),
    fractionDigits: currencyFractionDigits(card.currency),
  };
}

export function rateCardRoutes() {
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

  return app;
}
