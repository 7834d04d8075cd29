import { invalidInput } from "../errors.js";
import { isTimeZone, timeZoneOffsetMs } from "../time/local-days.js";

const DAY = 86_400_000;
/** The zone's offset from UTC at `at` (ms); an unknown zone is bad input, named. */
function offsetAt(at: number, timeZone: string): number {
  if (!isTimeZone(timeZone)) throw invalidInput(`timeZone: ${timeZone} is not an IANA time zone`);
  return timeZoneOffsetMs(at, timeZone);
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
  if (!utc) offsetAt(0, timeZone); // an unknown zone fails here, not on the first row
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
