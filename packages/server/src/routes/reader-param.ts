import { canonicalLanguageTag, type DateReader, type DayWriter, dayWriter } from "@quorum/core";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../context.js";
import { reportingTimeZone, TimeZoneQuery } from "./time-zone-param.js";

/** The reader's locale (a BCP 47 tag such as de or en-US) that sentences write money, numbers and days for. */
export const Locale = z
  .string()
  .max(35)
  .refine((tag) => tag === tag.trim() && canonicalLanguageTag(tag) !== undefined, {
    message: "must be a language tag such as de or en-US",
  });

/** `?timeZone=&locale=`: who a response's sentences are written for (their days in that zone and locale). */
export const ReaderQuery = z.object({
  timeZone: TimeZoneQuery.describe(
    "IANA time zone the days inside sentences are written in (default: the workspace's)",
  ),
  locale: Locale.optional().describe(
    "The reader's locale: the days and months inside sentences are written its way (default en)",
  ),
});

type ReaderChoice = { timeZone?: string | undefined; locale?: string | undefined };

/**
 * The reader a request names, else (for `personal`, someone reading about themselves) their own
 * zone, else the workspace's; English unless a locale is named.
 */
export async function requestReader(
  c: Context<AppEnv>,
  query: ReaderChoice,
  personal?: { userId: number },
): Promise<DateReader> {
  return { timeZone: await reportingTimeZone(c, query.timeZone, personal), locale: query.locale ?? "en" };
}

/** The `DayWriter` for the reader a request names (see `requestReader`), as of the request's clock. */
export async function requestDayWriter(
  c: Context<AppEnv>,
  query: ReaderChoice,
  personal?: { userId: number },
): Promise<DayWriter> {
  return dayWriter(await requestReader(c, query, personal), c.get("deps").now());
}
