import { Hono } from "hono";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { allocationDocs, allocationRoutes } from "./cost-allocation.js";
import { budgetDocs, budgetRoutes } from "./cost-budgets.js";
import { explainDocs, explainRoutes } from "./cost-explain.js";
import { fairPayDocs, fairPayRoutes } from "./cost-fair-pay.js";
import { costReportDocs, costReportRoutes } from "./cost-reports.js";
import { savingsDocs, savingsRoutes } from "./cost-savings.js";

/** Budgets, shared pools and their allocation, cost explanations, savings, fair-pay close and reports. */
export const costAnalysisDocs: RouteDoc[] = [
  ...budgetDocs,
  ...allocationDocs,
  ...explainDocs,
  ...savingsDocs,
  ...fairPayDocs,
  ...costReportDocs,
];

export function costAnalysisRoutes() {
  const app = new Hono<AppEnv>();
  for (const routes of [budgetRoutes, allocationRoutes, explainRoutes, savingsRoutes, fairPayRoutes, costReportRoutes])
    app.route("/", routes());
  return app;
}
