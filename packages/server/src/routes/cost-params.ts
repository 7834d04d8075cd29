import { invalidInput } from "@quorum/core";
import { getProject } from "@quorum/storage";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.js";

/** An instant as an ISO 8601 date or time, read as epoch ms. */
export const Instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => Date.parse(value));
export const Currency = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as USD");

export const MONEY_NOTE =
  "Money is integer minor units (cents) of `currency`; `fractionDigits` gives the digits after the point (USD 2, JPY 0): amount / 10^fractionDigits is in currency units.";

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Refuses a card or an adjustment for a project that does not exist, naming the field. */
export async function checkProject(c: Context<AppEnv>, projectId: number | null | undefined): Promise<void> {
  if (projectId === null || projectId === undefined) return;
  if (!(await getProject(c.get("deps").database.db, projectId)))
    throw invalidInput("No such project", [{ path: "projectId", message: `project ${projectId} not found` }]);
}
