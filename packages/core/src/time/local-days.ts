/**
 * Reporting days in a time zone (issue 13, item 10): a "day" is the local calendar day of an IANA
 * zone, from one local midnight to the next, so it lasts 23 or 25 hours on the days the clocks
 * change. Pure: uses only the ECMAScript `Intl` time zone data, no clock and no I/O.
 */

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether `name` is an IANA time zone this runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === "" || name !== name.trim() || name.length > 64) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at)))
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at instant `at`, in milliseconds (Berlin in summer: +7,200,000). */
export function timeZoneOffsetMs(at: number, timeZone: string): number {
  const t = localTime(at, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The local calendar date of instant `at` in the zone, as `YYYY-MM-DD`. */
export function localDate(at: number, timeZone: string): string {
  const t = localTime(at, timeZone);
  return `${String(t.year).padStart(4, "0")}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

/**
 * The first instant of the local day that contains `at`: its local midnight, or, where the clocks
 * jump over midnight, the first local time that exists that day. A null or unknown zone (a person
 * who has not set theirs) means UTC.
 */
export function startOfLocalDay(at: number, zone: string | null | undefined): number {
  const timeZone = zone && isTimeZone(zone) ? zone : "UTC";
  const t = localTime(at, timeZone);
  const midnightAsUtc = Date.UTC(t.year, t.month - 1, t.day);
  // The offset at midnight may differ from the offset at `at` (a change of clocks between them).
  let start = midnightAsUtc - timeZoneOffsetMs(at, timeZone);
  start = midnightAsUtc - timeZoneOffsetMs(start, timeZone);
  const date = localDate(at, timeZone);
  while (localDate(start, timeZone) < date) start += HOUR_MS; // midnight skipped by the clocks
  while (start > at) start -= HOUR_MS;
  return start;
}

/** The first instant of the local day after the one that contains `at`. */
export function startOfNextLocalDay(at: number, timeZone: string): number {
  const start = startOfLocalDay(at, timeZone);
  // 26 hours past a day's start is always within the next day (days last 23 to 25 hours).
  return startOfLocalDay(start + 26 * HOUR_MS, timeZone);
}

/** The starts of the local days that meet [from, to), in order (the first may begin before `from`). */
export function localDayStarts(from: number, to: number, timeZone: string): number[] {
  const starts: number[] = [];
  for (let at = startOfLocalDay(from, timeZone); at < to; at = startOfNextLocalDay(at, timeZone)) starts.push(at);
  return starts;
}

/**
 * Folds time buckets (hourly or finer roll-up rows, keyed by their start) into the local days of
 * the zone: each bucket goes to the day its start falls in. `days` are the starts from
 * `localDayStarts`; a bucket before the first day is dropped. Exact for zones whose offset is a
 * whole number of bucket lengths (hours, for hourly roll-ups); elsewhere a bucket that straddles
 * midnight counts for the day it starts in.
 */
export function foldIntoLocalDays<T>(
  buckets: readonly { bucket: number; value: T }[],
  days: readonly number[],
  add: (a: T, b: T) => T,
  empty: T,
): T[] {
  const folded = days.map(() => empty);
  for (const { bucket, value } of buckets) {
    const index = lastAtOrBefore(days, bucket);
    if (index >= 0) folded[index] = add(folded[index]!, value);
  }
  return folded;
}

/** Index of the last element of sorted `values` that is ≤ `x`, or -1. */
function lastAtOrBefore(values: readonly number[], x: number): number {
  let low = 0;
  let high = values.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (values[middle]! <= x) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
