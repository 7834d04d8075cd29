import { invalidInput } from "../errors.js";

const DAY = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw invalidInput(`timeZone: ${timeZone} is not an IANA time zone`);
    }
    formats.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC at `at` (ms; local wall time minus UTC). */
function offsetAt(at: number, timeZone: string): number {
  const parts = formatFor(timeZone).formatToParts(new Date(at));
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(
    value("year"),
    value("month") - 1,
    value("day"),
    value("hour"),
    value("minute"),
    value("second"),
  );
  return local - Math.floor(at / 1000) * 1000;
}

/** The Monday of the week holding local day number `day` (days since the epoch), as YYYY-MM-DD. */
function mondayOf(day: number): string {
  const sinceMonday = (new Date(day * DAY).getUTCDay() + 6) % 7;
  return new Date((day - sinceMonday) * DAY).toISOString().slice(0, 10);
}

/**
 * The Monday (ISO week start) of the week that `at` (epoch ms) falls in, in `timeZone`, as
 * `YYYY-MM-DD`. Weeks follow the person's calendar, not UTC's: Sunday 23:30 in Tokyo belongs to
 * the week before Monday's UTC date.
 */
export function localWeekStart(at: number, timeZone: string): string {
  return mondayOf(Math.floor((at + offsetAt(at, timeZone)) / DAY));
}

/**
 * `localWeekStart` for many instants: the zone's offset is looked up once per UTC day when it is
 * the same at both ends of the day (else once per hour, around a daylight-saving change), since
 * asking \`Intl\` costs tens of microseconds and a scorecard places thousands of rows.
 */
export function weekKeyer(timeZone: string): (at: number) => string {
  const utc = timeZone === "UTC" || timeZone === "Etc/UTC";
  if (!utc) formatFor(timeZone);
  const dayOffsets = new Map<number, number | null>();
  const hourOffsets = new Map<number, number>();
  const offset = (at: number): number => {
    if (utc) return 0;
    const day = Math.floor(at / DAY);
    let steady = dayOffsets.get(day);
    if (steady === undefined) {
      const start = offsetAt(day * DAY, timeZone);
      steady = start === offsetAt(day * DAY + DAY - 1000, timeZone) ? start : null;
      dayOffsets.set(day, steady);
    }
    if (steady !== null) return steady;
    const hour = Math.floor(at / 3_600_000);
    let value = hourOffsets.get(hour);
    if (value === undefined) {
      value = offsetAt(hour * 3_600_000, timeZone);
      hourOffsets.set(hour, value);
    }
    return value;
  };
  const mondays = new Map<number, string>();
  return (at) => {
    const day = Math.floor((at + offset(at)) / DAY);
    let monday = mondays.get(day);
    if (monday === undefined) {
      monday = mondayOf(day);
      mondays.set(day, monday);
    }
    return monday;
  };
}
