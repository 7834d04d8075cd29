import { invalidInput } from "../errors.js";

const DAY = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
    } catch {
      throw invalidInput(`timeZone: ${timeZone} is not an IANA time zone`);
    }
    formats.set(timeZone, format);
  }
  return format;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Monday (ISO week start) of the week that `at` (epoch ms) falls in, in `timeZone`, as
 * `YYYY-MM-DD`. Weeks follow the person's calendar, not UTC's: Sunday 23:30 in Tokyo belongs to
 * the week before Monday's UTC date.
 */
export function localWeekStart(at: number, timeZone: string): string {
  const parts = formatFor(timeZone).formatToParts(new Date(at));
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const localMidnight = Date.UTC(value("year"), value("month") - 1, value("day"));
  const sinceMonday = (new Date(localMidnight).getUTCDay() + 6) % 7;
  return new Date(localMidnight - sinceMonday * DAY).toISOString().slice(0, 10);
}

/** `localWeekStart` memoised per hour: rows come by the hour or quarter hour, and zones move by whole quarter hours. */
export function weekKeyer(timeZone: string): (at: number) => string {
  const cache = new Map<number, string>();
  return (at) => {
    const slot = Math.floor(at / 900_000);
    let key = cache.get(slot);
    if (key === undefined) {
      key = localWeekStart(slot * 900_000, timeZone);
      cache.set(slot, key);
    }
    return key;
  };
}
