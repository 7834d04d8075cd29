import { forbidden, type User } from "@quorum/core";
import type { Context } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";

/**
 * Budgets, pools, initiatives, explanations and reports cover whole business units: `cost.read`
 * (admins, managers, analysts, finance), but not vendor leads, whose `cost.read` is scoped to
 * their own vendor's people (GET /cost/summary), which these views cannot be.
 */
export function requireCostRead(c: Context<AppEnv>): User {
  const user = requirePermission(c, "cost.read");
  if (user.role === "vendor_lead")
    throw forbidden(
      "Vendor leads see their own team's cost (GET /cost/summary), not business units' budgets and reports",
    );
  return user;
}

/** Changing budgets, pools, policies and initiatives, or closing pay periods: `cost.manage` (admins, managers, finance). */
export function requireCostManage(c: Context<AppEnv>): User {
  return requirePermission(c, "cost.manage");
}

/** "YYYY-MM". */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month, YYYY-MM");
/** An ISO 4217 code, upper case. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as USD");
/** Integer minor units (cents). */

export const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Epoch ms → ISO text for responses. */
export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
