/**
 * Wall times in a named time zone, for `datetime-local` inputs whose value means "this date and
 * time where the viewer is" rather than in whatever zone the browser runs in.
 */

import { timeZoneOffsetMs } from "@quorum/core";

const MINUTE = 60_000;
const DAY = 86_400_000;
const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The wall clock at `at` in `timeZone`, as if it were UTC (epoch ms, to the minute). */
function wallClockOf(at: number, timeZone: string): number {
  const minute = Math.floor(at / MINUTE) * MINUTE;
  return minute + timeZoneOffsetMs(minute, timeZone);
}

/** How far `timeZone` is ahead of UTC at `at`, in ms (New York in winter: -5 h). */
const offsetAt = (at: number, timeZone: string) => timeZoneOffsetMs(at, timeZone);

/**
 * Epoch ms of a `datetime-local` value ("2026-03-08T02:30") read as a wall time in `timeZone`;
 * null when empty, malformed or the zone is unknown. Like Temporal's "compatible" choice, a time
 * skipped by a clock change moves forward by the change (02:30 becomes 03:30), and a time the
 * clocks pass twice means the first (the earlier instant). Assumes at most one change in two days.
 */
export function epochOfWallTime(value: string, timeZone: string): number | null {
  const match = WALL.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wall)) return null;
  try {
    const before = wall - offsetAt(wall - DAY, timeZone);
    const after = wall - offsetAt(wall + DAY, timeZone);
    const fits = [before, after].filter((at) => wallClockOf(at, timeZone) === wall);
    // In a gap neither fits: the offset before the change carries the wall time past it.
    return fits.length > 0 ? Math.min(...fits) : before;
  } catch {
    return null;
  }
}

/** A `datetime-local` value for the instant `at` (epoch ms or ISO text) in `timeZone`; "" for none. */
export function wallTimeOf(at: number | string | null, timeZone: string): string {
  if (at === null || at === "") return "";
  const instant = typeof at === "number" ? at : Date.parse(at);
  if (Number.isNaN(instant)) return "";
  try {
    return new Date(wallClockOf(instant, timeZone)).toISOString().slice(0, 16);
  } catch {
    return "";
  }
}

/** "America/New_York (GMT-05:00)": the zone with its offset from UTC at `at`, to name beside a time. */
export function zoneWithOffset(timeZone: string, at: number): string {
  try {
    const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((part) => part.type === "timeZoneName")?.value;
    return name ? `${timeZone} (${name})` : timeZone;
  } catch {
    return timeZone;
  }
}
