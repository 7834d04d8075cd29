import { monthPeriod } from "@quorum/core";
import { closePayPeriod } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { readJson } from "../validate.js";
import { Currency, Month, requireCostManage } from "./cost-access.js";

export const ClosePayPeriodBody = z.object({ month: Month, currency: Currency }).strict();

export const fairPayDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/cost/pay-periods/close",
    tag: "Cost",
    summary:
      "Closes a month for fair pay: annotators whose pay per active hour is below their region's floor get a top-up ledger row. Idempotent per annotator and month.",
    access: "cost.manage (admin, manager, finance)",
    body: ClosePayPeriodBody,
    responses: { 200: "{month, currency, lines, withoutFloor}" },
  },
];

export function fairPayRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/cost/pay-periods/close", async (c) => {
    const user = requireCostManage(c);
    const body = await readJson(c, ClosePayPeriodBody);
    const { database, now } = c.get("deps");
    const period = monthPeriod(body.month);
    const closed = await closePayPeriod(database, {
      start: period.start,
      end: period.end,
      currency: body.currency,
      closedBy: user.id,
      now: now(),
    });
    return c.json({
      month: body.month,
      currency: closed.currency,
      lines: closed.lines.map((line) => ({
        annotatorId: line.annotatorId,
        region: line.region,
        payMinor: line.payMinor,
        activeMs: line.activeMs,
        hourlyWageMinor: line.hourlyWageMinor === null ? null : Math.round(line.hourlyWageMinor),
        floorPerHourMinor: line.floorPerHourMinor,
        topUpMinor: line.topUpMinor,
        added: line.added,
      })),
      withoutFloor: closed.withoutFloor,
    });
  });
  return app;
}
