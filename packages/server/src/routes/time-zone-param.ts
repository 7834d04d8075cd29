import { invalidInput, isTimeZone } from "@quorum/core";
import { userTimeZone, workspaceTimeZone } from "@quorum/storage";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.js";

/** `?timeZone=`: an IANA zone whose local days the daily figures follow (the viewer's choice). */
export const TimeZoneQuery = z
  .string()
  .max(64)
  .refine(isTimeZone, "not an IANA time zone such as Europe/Berlin")
  .optional()
  .describe("IANA time zone of the reporting days (default: the workspace's)");

/** A time zone named in a body, checked the same way. */
export const TimeZoneName = z.string().max(64).refine(isTimeZone, "not an IANA time zone such as Europe/Berlin");

/**
 * The zone of a request's reporting days: the viewer's choice (`?timeZone=`), else `personal`
 * (their own zone, for their own figures), else the workspace's.
 */
export async function reportingTimeZone(
  c: Context<AppEnv>,
  chosen: string | undefined,
  personal?: { userId: number },
): Promise<string> {
  if (chosen !== undefined) {
    if (!isTimeZone(chosen))
      throw invalidInput("Unknown time zone", [{ path: "timeZone", message: "not an IANA zone" }]);
    return chosen;
  }
  const db = c.get("deps").database.db;
  if (personal) {
    const own = await userTimeZone(db, personal.userId);
    if (own && isTimeZone(own)) return own;
  }
  return workspaceTimeZone(db);
}
