/**
 * Days inside sentences, written for the person reading them: in their time zone and locale
 * ("Dec 7" in English, "7. Dez." in German), as the web app writes the dates it renders itself.
 * Sentences composed once and read by many (stored alerts) keep their days as instants
 * (`DatedText`) and are written for each reader when read. Pure: `Intl` only.
 */
import { invalidInput } from "../errors.js";
import { isTimeZone, localDate } from "./local-days.js";

/** Who a sentence is written for: an IANA time zone and a BCP 47 locale. */
export interface DateReader {
  timeZone: string;
  locale: string;
}

/**
 * Writes the local day of an instant (epoch ms) for one reader; `months` names a period of whole
 * UTC months [start, end) for the same reader (`monthsLabel`).
 */
export interface DayWriter {
  (at: number): string;
  months(start: number, end: number): string;
}

/** The reader when the viewer names nothing: UTC in English (callers pass the workspace's zone). */
export const DEFAULT_DATE_READER: DateReader = { timeZone: "UTC", locale: "en" };

const unknownLocale = () =>
  invalidInput("Unknown locale", [{ path: "locale", message: "not a language tag such as de or en-US" }]);

const MAX_CACHED = 64;
const formats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(reader: DateReader, withYear: boolean): Intl.DateTimeFormat {
  const key = `${reader.timeZone}|${reader.locale}|${withYear}`;
  let format = formats.get(key);
  if (!format) {
    if (!isTimeZone(reader.timeZone))
      throw invalidInput("Unknown time zone", [{ path: "timeZone", message: "not an IANA zone" }]);
    try {
      format = new Intl.DateTimeFormat(reader.locale, {
        timeZone: reader.timeZone,
        month: "short",
        day: "numeric",
        ...(withYear ? { year: "numeric" } : {}),
      });
    } catch {
      throw unknownLocale();
    }
    // Locales come from requests: keep the cache bounded rather than one entry per tag ever seen.
    if (formats.size >= MAX_CACHED) formats.clear();
    formats.set(key, format);
  }
  return format;
}

const localYear = (at: number, timeZone: string) => localDate(at, timeZone).slice(0, 4);

/**
 * A `DayWriter` for `reader`: the local day without its year ("Dec 7"), or with it
 * ("Jan 4, 2027") when it falls in another year than `now` does in the reader's zone.
 */
export function dayWriter(reader: DateReader, now: number): DayWriter {
  dayFormat(reader, false);
  const thisYear = localYear(now, reader.timeZone);
  return Object.assign(
    (at: number) => dayFormat(reader, localYear(at, reader.timeZone) !== thisYear).format(new Date(at)),
    { months: (start: number, end: number) => monthsLabel({ start, end }, reader.locale) },
  );
}

/**
 * A period of whole UTC calendar months [start, end) named for a reader's locale: "December 2026",
 * "October – December 2026". In UTC, not the reader's zone: such a period (a budget's) is cut in
 * UTC months, and its first instant is the month before west of Greenwich.
 */
export function monthsLabel(period: { start: number; end: number }, locale: string): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, { timeZone: "UTC", month: "long", year: "numeric" });
  } catch {
    throw unknownLocale();
  }
  const last = period.end - 1;
  const sameMonth = new Date(period.start).toISOString().slice(0, 7) === new Date(last).toISOString().slice(0, 7);
  return sameMonth ? format.format(period.start) : format.formatRange(period.start, last);
}

/** A part of a `DatedText` written for its reader: a day, or a period of UTC months [start, end). */
export type DatedPart = { day: number } | { months: readonly [number, number] };

/** A sentence whose days (and months) are kept as instants, to be written for each reader (`writeDatedText`). */
export type DatedText = readonly (string | DatedPart)[];

// Private-use characters around an instant (or two, for months): they do not occur in the sentences composed here.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const SLOT = /\uE000(-?\d+)(?:~(-?\d+))?\uE001/g;

/** A `DayWriter` that leaves a slot for the day or months, for composing a sentence read later (`datedText`). */
export const daySlot: DayWriter = Object.assign((at: number) => `${OPEN}${Math.round(at)}${CLOSE}`, {
  months: (start: number, end: number) => `${OPEN}${Math.round(start)}~${Math.round(end)}${CLOSE}`,
});

/** The `DatedText` of a sentence composed with `daySlot`: its text, its days and months as instants. */
export function datedText(composed: string): DatedText {
  const parts: (string | DatedPart)[] = [];
  let last = 0;
  for (const match of composed.matchAll(SLOT)) {
    if (match.index > last) parts.push(composed.slice(last, match.index));
    parts.push(match[2] === undefined ? { day: Number(match[1]) } : { months: [Number(match[1]), Number(match[2])] });
    last = match.index + match[0].length;
  }
  if (last < composed.length) parts.push(composed.slice(last));
  return parts;
}

/**
 * A sentence ended with a full stop, unless it already ends with one: a German day ("10. Dez.")
 * that ends a sentence carries its own.
 */
export function fullStop(sentence: string): string {
  return sentence.endsWith(".") ? sentence : `${sentence}.`;
}

/**
 * The sentence of `text` with its days (and months) written by `day`. A full stop right after a day written
 * with one (German "10. Dez.") is dropped, as `fullStop` would not have added it: the day is
 * written only now, for its reader.
 */
export function writeDatedText(text: DatedText, day: DayWriter): string {
  let sentence = "";
  let afterDayWithStop = false;
  for (const part of text) {
    const written = typeof part === "string" ? part : "day" in part ? day(part.day) : day.months(...part.months);
    sentence += afterDayWithStop && /^\.(?!\.)/.test(written) ? written.slice(1) : written;
    afterDayWithStop = typeof part !== "string" && written.endsWith(".");
  }
  return sentence;
}

/**
 * A sentence composed with `daySlot`, as it is stored: its text written for `reader` (the
 * workspace's, for readers that take the text as it is) and, when it has days, its parts to write
 * for every other reader.
 */
export function storedSentence(
  composed: string,
  reader: DateReader,
  now: number,
): { message: string; messageParts: DatedText | null } {
  const parts = datedText(composed);
  if (parts.every((part) => typeof part === "string")) return { message: composed, messageParts: null };
  return { message: writeDatedText(parts, dayWriter(reader, now)), messageParts: parts };
}

/** A stored sentence for one reader: from its parts when it kept them, else its text as written. */
export function readStoredSentence(
  stored: { message: string; messageParts?: DatedText | null | undefined },
  day: DayWriter,
): string {
  return stored.messageParts ? writeDatedText(stored.messageParts, day) : stored.message;
}

/** Whether `value` (read back from storage) is a `DatedText`. */
export function isDatedText(value: unknown): value is DatedText {
  return (
    Array.isArray(value) &&
    value.every(
      (part) =>
        typeof part === "string" || (typeof part === "object" && part !== null && (isDay(part) || isMonths(part))),
    )
  );
}

const isDay = (part: object) => Number.isFinite((part as { day?: unknown }).day);

function isMonths(part: object): boolean {
  const months = (part as { months?: unknown }).months;
  return Array.isArray(months) && months.length === 2 && months.every(Number.isFinite);
}
