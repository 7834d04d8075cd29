/**
 * Calendar days in a person's own time zone. Uses the platform's `Intl` time-zone data (IANA
 * names such as "Europe/Vienna"); formatters are cached per zone because building one is costly.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `name` is an IANA time-zone name this platform knows ("Europe/Vienna", "UTC"). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === "" || name !== name.trim() || name.length > 64) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(epochMs: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs)))
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

/** The zone's offset from UTC at an instant, in ms (Vienna in winter: +3,600,000). */
function offsetAt(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant (epoch ms) at which the local calendar day containing `epochMs` began in
 * `timeZone`: local midnight, or the first existing instant of the day where a daylight-saving
 * change skips midnight. A null or unknown zone means UTC.
 */
export function startOfLocalDay(epochMs: number, timeZone: string | null | undefined): number {
  const zone = timeZone && isTimeZone(timeZone) ? timeZone : "UTC";
  const today = wallClock(epochMs, zone);
  const midnightAsUtc = Date.UTC(today.year, today.month - 1, today.day);
  // The offset at midnight may differ from the offset now (a DST change during the day): refine once.
  let start = midnightAsUtc - offsetAt(epochMs, zone);
  start = midnightAsUtc - offsetAt(start, zone);
  // Midnight skipped by a DST change: the guess lands in the previous day; the day starts an hour later.
  const landed = wallClock(start, zone);
  if (landed.day !== today.day) start += 3_600_000;
  return start;
}
