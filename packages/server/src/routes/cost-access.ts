import { forbidden, type Role, type User } from "@quorum/core";
import type { Context } from "hono";
import { z } from "zod";
import { currentUser } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";

const READERS: readonly Role[] = ["admin", "manager", "analyst"];
const MANAGERS: readonly Role[] = ["admin", "manager"];

/** Budgets, pools, initiatives, explanations and reports: admins, managers and analysts read. */
export function requireCostRead(c: Context<AppEnv>): User {
  const user = currentUser(c);
  if (!READERS.includes(user.role)) throw forbidden(`Your role (${user.role}) may not read cost reports`);
  return user;
}

/** Only admins and managers change budgets, pools, policies and initiatives, or close pay periods. */
export function requireCostManage(c: Context<AppEnv>): User {
  const user = currentUser(c);
  if (!MANAGERS.includes(user.role)) throw forbidden(`Your role (${user.role}) may not change costs`);
  return user;
}

/** "YYYY-MM". */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month, YYYY-MM");
/** An ISO 4217 code, upper case. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as USD");
/** Integer minor units (cents). */
export const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Epoch ms → ISO text for responses. */
export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
