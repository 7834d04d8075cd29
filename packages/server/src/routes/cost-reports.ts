import { buildBusinessUnitReport, workspaceCurrency } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { REPORT_FORMATS, renderCostReport } from "../reports/render-cost-report.js";
import { queryId, readQuery } from "../validate.js";
import { Currency, Month, requireCostRead } from "./cost-access.js";

export const CostReportQuery = z.object({
  businessUnitId: queryId(),
  month: Month,
  format: z.enum([...REPORT_FORMATS, "json"]).default("json"),
  currency: Currency.optional().describe("ISO 4217 code of the money reported (default: the workspace's currency)"),
});

export const costReportDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/reports/cost",
    tag: "Cost",
    summary:
      "The monthly cost report of a business unit (spend against budget, cost per accepted label and its drivers, allocation, savings, top changes) as XLSX, PDF (with its charts), CSV or JSON, in one currency: `currency`, else the workspace's default currency.",
    access: "cost.read (admin, manager, analyst, finance; not vendor leads)",
    query: CostReportQuery,
    responses: { 200: "the file (or {report} as JSON)" },
  },
];

export function costReportRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/reports/cost", async (c) => {
    requireCostRead(c);
    const query = readQuery(c, CostReportQuery);
    const { database, now } = c.get("deps");
    const report = await buildBusinessUnitReport(database.db, {
      businessUnitId: query.businessUnitId,
      month: query.month,
      currency: query.currency ?? (await workspaceCurrency(database.db)),
      now: now(),
    });
    if (query.format === "json") return c.json({ report });
    const file = await renderCostReport(report, query.format);
    return c.body(new Uint8Array(file.body), 200, {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
    });
  });
  return app;
}
