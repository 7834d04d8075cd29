/**
 * The cost pages' periods: whole days in the viewer's time zone, picked as dates ("2026-11-01")
 * with `to` inclusive, sent to the API as instants with `to` exclusive.
 */

import { monthsLabel } from "@quorum/core";

export interface DayRange {
  /** First day, YYYY-MM-DD in the viewer's zone. */
  from: string;
  /** Last day (inclusive), YYYY-MM-DD. */
  to: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A local date as YYYY-MM-DD. */
export function dayText(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function parseDay(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return dayText(date) === text ? date : undefined;
}

/** The month so far: its first day to today. */
export function monthToDate(now: Date): DayRange {
  return { from: dayText(new Date(now.getFullYear(), now.getMonth(), 1)), to: dayText(now) };
}

/** The last `days` days, today included. */
export function lastDays(now: Date, days: number): DayRange {
  return { from: dayText(new Date(now.getFullYear(), now.getMonth(), now.getDate() - days + 1)), to: dayText(now) };
}

/** The whole calendar month `offset` months from `now`'s (−1: last month). */
export function calendarMonth(now: Date, offset: number): DayRange {
  return {
    from: dayText(new Date(now.getFullYear(), now.getMonth() + offset, 1)),
    to: dayText(new Date(now.getFullYear(), now.getMonth() + offset + 1, 0)),
  };
}

/** The instants [from, to) of a day range in the viewer's zone, as ISO text; undefined when it is not a range. */
export function rangeInstants(range: DayRange): { from: string; to: string } | undefined {
  const from = parseDay(range.from);
  const last = parseDay(range.to);
  if (!from || !last || last < from) return undefined;
  const end = new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1);
  return { from: from.toISOString(), to: end.toISOString() };
}

/**
 * The period a range is compared with: the month before when the range is whole calendar
 * months (so October is compared with September, not with the last 31 days), else the same
 * number of days just before it.
 */
export function basePeriod(range: DayRange): DayRange | undefined {
  const from = parseDay(range.from);
  const last = parseDay(range.to);
  if (!from || !last || last < from) return undefined;
  const wholeMonths =
    from.getDate() === 1 && new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1).getDate() === 1;
  if (wholeMonths) {
    const months = (last.getFullYear() - from.getFullYear()) * 12 + last.getMonth() - from.getMonth() + 1;
    return {
      from: dayText(new Date(from.getFullYear(), from.getMonth() - months, 1)),
      to: dayText(new Date(from.getFullYear(), from.getMonth(), 0)),
    };
  }
  const days = Math.round((last.getTime() - from.getTime()) / 86_400_000) + 1;
  return {
    from: dayText(new Date(from.getFullYear(), from.getMonth(), from.getDate() - days)),
    to: dayText(new Date(from.getFullYear(), from.getMonth(), from.getDate() - 1)),
  };
}

/** "2026-11": the month a day falls in. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** A calendar date (or month) as the UTC noon of that day, so formatting it in UTC never shifts it. */
const utcDay = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day, 12));

/** "2026-09" as "September 2026" in `locale`; text that is not a month is returned as it is. */
export function monthName(month: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const [year, index] = [Number(match[1]), Number(match[2]) - 1];
  return monthsLabel({ start: Date.UTC(year, index, 1), end: Date.UTC(year, index + 1, 1) }, locale);
}

/** A range of days as one short span in `locale` ("Oct 1 – 31, 2026"); not a range: its ISO days. */
export function dayRangeName(range: DayRange, locale: string): string {
  const from = parseDay(range.from);
  const last = parseDay(range.to);
  if (!from || !last || last < from) return `${range.from} – ${range.to}`;
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  return format.formatRange(
    utcDay(from.getFullYear(), from.getMonth() + 1, from.getDate()),
    utcDay(last.getFullYear(), last.getMonth() + 1, last.getDate()),
  );
}
