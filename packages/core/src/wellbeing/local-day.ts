const DAY = 86_400_000;

/** The zone used when a person and the workspace name none. */
export const DEFAULT_TIME_ZONE = "UTC";

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(zone, format);
  }
  return format;
}

/**
 * The calendar day of `at` (epoch ms) where the person is, as days since 1970-01-01: the day
 * budgets count in. An unknown zone counts as UTC rather than failing a judgment.
 */
export function localDay(at: number, timeZone: string | null | undefined): number {
  // Zone offsets are whole quarter hours, so the day can change only at a quarter hour (UTC): one
  // formatting per zone and quarter hour, as this runs on every lease and judgment of harmful work.
  const zone = timeZone ?? DEFAULT_TIME_ZONE;
  const quarter = Math.floor(at / QUARTER_HOUR);
  const hit = lastDay.get(zone);
  if (hit && hit.quarter === quarter) return hit.day;
  const day = formatDay(at, zone);
  lastDay.set(zone, { quarter, day });
  return day;
}

const QUARTER_HOUR = 900_000;
const lastDay = new Map<string, { quarter: number; day: number }>();

function formatDay(at: number, timeZone: string): number {
  let format: Intl.DateTimeFormat;
  try {
    format = formatFor(timeZone);
  } catch {
    return Math.floor(at / DAY);
  }
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of format.formatToParts(at)) {
    if (part.type === "year") year = Number(part.value);
    else if (part.type === "month") month = Number(part.value);
    else if (part.type === "day") day = Number(part.value);
  }
  return Math.floor(Date.UTC(year, month - 1, day) / DAY);
}

/** The Monday of the week holding `day` (days since 1970-01-01, a Thursday): weeks run Monday to Sunday. */
export function weekStart(day: number): number {
  return day - ((day + 3) % 7);
}

/** A day number as an ISO date ("2026-12-02"). */
export function dayToIsoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}
