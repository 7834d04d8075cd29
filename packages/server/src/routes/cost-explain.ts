import { invalidInput } from "@quorum/core";
import { explainLedgerCostChange, workspaceCurrency } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { queryId, readQuery } from "../validate.js";
import { Currency, requireCostRead } from "./cost-access.js";
import { Locale } from "./reader-param.js";

/** An instant: epoch ms, or an ISO 8601 date or date-time (a date is its UTC midnight). */
const Instant = z.string().transform((text, ctx) => {
  const value = /^\d{1,16}$/.test(text)
    ? Number(text)
    : /^\d{4}-\d{2}-\d{2}/.test(text)
      ? Date.parse(text)
      : Number.NaN;
  if (!Number.isFinite(value)) {
    ctx.addIssue({ code: "custom", message: "must be epoch milliseconds or an ISO date such as 2026-10-01" });
    return z.NEVER;
  }
  return value;
});

export const ExplainQuery = z.object({
  from: Instant,
  to: Instant,
  baseFrom: Instant,
  baseTo: Instant,
  projectId: queryId().optional(),
  businessUnitId: queryId().optional(),
  byVendor: z.enum(["0", "1"]).default("0"),
  currency: Currency.optional().describe(
    "ISO 4217 code of the ledger rows explained (default: the workspace's currency)",
  ),
  locale: Locale.optional().describe("The reader's locale: the narrative's money and percentages are written its way"),
});

export const explainDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/cost/explain",
    tag: "Cost",
    summary:
      "Why cost moved from a base period to the current one, by driver (LMDI-I over task type × language [× vendor] segments of the ledger, in one currency: `currency`, else the workspace's default currency): the same JSON as `quorum cost explain` plus the narrative and the segments.",
    access: "cost.read (admin, manager, analyst, finance; not vendor leads)",
    query: ExplainQuery,
    responses: { 200: "{base, current, change, drivers, narrative, segments, unexplained}" },
  },
];

export function explainRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/cost/explain", async (c) => {
    requireCostRead(c);
    const query = readQuery(c, ExplainQuery);
    if (!(query.to > query.from))
      throw invalidInput("to must be after from", [{ path: "query.to", message: "must be after from" }]);
    if (!(query.baseTo > query.baseFrom))
      throw invalidInput("baseTo must be after baseFrom", [
        { path: "query.baseTo", message: "must be after baseFrom" },
      ]);
    if (query.projectId !== undefined && query.businessUnitId !== undefined)
      throw invalidInput("Give a project or a business unit, not both", [
        { path: "query.businessUnitId", message: "not with projectId" },
      ]);
    const scope =
      query.projectId !== undefined
        ? { projectId: query.projectId }
        : query.businessUnitId !== undefined
          ? { businessUnitId: query.businessUnitId }
          : {};
    const { db } = c.get("deps").database;
    const result = await explainLedgerCostChange(db, {
      scope,
      base: { from: query.baseFrom, to: query.baseTo },
      current: { from: query.from, to: query.to },
      currency: query.currency ?? (await workspaceCurrency(db)),
      byVendor: query.byVendor === "1",
      ...(query.locale ? { locale: query.locale } : {}),
    });
    return c.json(result);
  });
  return app;
}
