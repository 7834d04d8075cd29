import { monthPeriod, notFound } from "@quorum/core";
import {
  getInitiative,
  insertInitiative,
  listInitiatives,
  realisedSavings,
  type SavingsInitiative,
  setRealisedSavings,
  updateInitiative,
} from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryId, readJson, readQuery } from "../validate.js";
import { Currency, iso, MinorUnits, Month, requireCostManage, requireCostRead } from "./cost-access.js";

export const CreateInitiativeBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).default(""),
    projectId: z.number().int().positive().optional(),
    businessUnitId: z.number().int().positive().optional(),
    currency: Currency,
    baselineMinor: MinorUnits,
    baselineNote: z.string().max(500).default(""),
    startMonth: Month,
  })
  .strict();

export const UpdateInitiativeBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    baselineMinor: MinorUnits.optional(),
    baselineNote: z.string().max(500).optional(),
    endMonth: Month.nullable().optional(),
  })
  .strict();

export const RealisedBody = z
  .object({
    month: Month,
    realisedMinor: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
    note: z.string().max(500).optional(),
  })
  .strict();

export const ListInitiativesQuery = z.object({ businessUnitId: queryId().optional() });

export const savingsDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/cost/initiatives",
    tag: "Cost",
    summary: "Creates a savings initiative with the monthly baseline it is measured against.",
    access: "cost.manage (admin, manager, finance)",
    body: CreateInitiativeBody,
    responses: { 201: "{initiative}" },
  },
  {
    method: "get",
    path: "/cost/initiatives",
    tag: "Cost",
    summary: "Savings initiatives with their realised savings month by month.",
    access: "cost.read (admin, manager, analyst, finance; not vendor leads)",
    query: ListInitiativesQuery,
    responses: { 200: "{initiatives}" },
  },
  {
    method: "patch",
    path: "/cost/initiatives/{id}",
    tag: "Cost",
    summary: "Renames, re-baselines or ends an initiative.",
    access: "cost.manage (admin, manager, finance)",
    body: UpdateInitiativeBody,
    responses: { 200: "{initiative}" },
  },
  {
    method: "post",
    path: "/cost/initiatives/{id}/realised",
    tag: "Cost",
    summary: "Records (or corrects) what an initiative saved in a month.",
    access: "cost.manage (admin, manager, finance)",
    body: RealisedBody,
    responses: { 200: "{initiative}" },
  },
];

const monthText = (ms: number) => new Date(ms).toISOString().slice(0, 7);

export function initiativeView(
  initiative: SavingsInitiative,
  realised: { initiativeId: number; month: number; realisedMinor: number; note: string | null }[],
) {
  const months = realised
    .filter((r) => r.initiativeId === initiative.id)
    .map((r) => ({ month: monthText(r.month), realisedMinor: r.realisedMinor, note: r.note }));
  return {
    ...initiative,
    startedAt: iso(initiative.startedAt),
    endedAt: iso(initiative.endedAt),
    createdAt: iso(initiative.createdAt),
    updatedAt: iso(initiative.updatedAt),
    realised: months,
    totalRealisedMinor: months.reduce((sum, m) => sum + m.realisedMinor, 0),
  };
}

export function savingsRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/cost/initiatives", async (c) => {
    const user = requireCostManage(c);
    const body = await readJson(c, CreateInitiativeBody);
    const { database, now } = c.get("deps");
    const initiative = await insertInitiative(database.db, {
      name: body.name,
      description: body.description,
      projectId: body.projectId ?? null,
      businessUnitId: body.businessUnitId ?? null,
      currency: body.currency,
      baselineMinor: body.baselineMinor,
      baselineNote: body.baselineNote,
      startedAt: monthPeriod(body.startMonth).start,
      endedAt: null,
      createdBy: user.id,
      now: now(),
    });
    return c.json({ initiative: initiativeView(initiative, []) }, 201);
  });

  app.get("/cost/initiatives", async (c) => {
    requireCostRead(c);
    const query = readQuery(c, ListInitiativesQuery);
    const db = c.get("deps").database.db;
    const initiatives = await listInitiatives(
      db,
      query.businessUnitId === undefined ? {} : { businessUnitId: query.businessUnitId },
    );
    const realised = await realisedSavings(
      db,
      initiatives.map((i) => i.id),
    );
    return c.json({ initiatives: initiatives.map((i) => initiativeView(i, realised)) });
  });

  app.patch("/cost/initiatives/:id", async (c) => {
    requireCostManage(c);
    const id = idParam(c, "id");
    const body = await readJson(c, UpdateInitiativeBody);
    const { database, now } = c.get("deps");
    const { endMonth, ...rest } = body;
    const initiative = await updateInitiative(database.db, id, {
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      ...(endMonth === undefined ? {} : { endedAt: endMonth === null ? null : monthPeriod(endMonth).end }),
      now: now(),
    });
    if (!initiative) throw notFound("Savings initiative");
    return c.json({ initiative: initiativeView(initiative, await realisedSavings(database.db, [id])) });
  });

  app.post("/cost/initiatives/:id/realised", async (c) => {
    requireCostManage(c);
    const id = idParam(c, "id");
    const body = await readJson(c, RealisedBody);
    const { database, now } = c.get("deps");
    const initiative = await getInitiative(database.db, id);
    if (!initiative) throw notFound("Savings initiative");
    await setRealisedSavings(database.db, {
      initiativeId: id,
      month: monthPeriod(body.month).start,
      realisedMinor: body.realisedMinor,
      note: body.note ?? null,
      now: now(),
    });
    return c.json({ initiative: initiativeView(initiative, await realisedSavings(database.db, [id])) });
  });
  return app;
}
