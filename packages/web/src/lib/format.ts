/**
 * Display formatting shared by both areas, by locale through `Intl` (English when none is given).
 * `now` is passed in so tests need no clock; times are written in the viewer's zone (the one picked
 * in the top bar, else the browser's) unless a zone is passed.
 */

import { readTimeZonePreference, viewerTimeZone } from "./time-zone-preference.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "42 sec", "7 min", "1 hr 5 min" (in English): an amount of active time, in `locale`. */
export function formatDuration(ms: number, locale = "en"): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  const unit = (n: number, name: "second" | "minute" | "hour") =>
    new Intl.NumberFormat(locale, { style: "unit", unit: name, unitDisplay: "short" }).format(n);
  if (ms < MINUTE) return unit(Math.round(ms / 1000), "second");
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return unit(minutes, "minute");
  const parts = [unit(Math.floor(minutes / 60), "hour")];
  if (minutes % 60 > 0) parts.push(unit(minutes % 60, "minute"));
  return new Intl.ListFormat(locale, { type: "unit", style: "narrow" }).format(parts);
}

/** "9:05" or "1:02:03": a countdown, never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** "in 3 days", "5 hours ago", "now" (in English), in `locale`. */
export function formatRelative(at: number, now: number, locale = "en"): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const delta = at - now;
  const abs = Math.abs(delta);
  const sign = delta < 0 ? -1 : 1;
  if (abs < MINUTE) return rtf.format(0, "second");
  if (abs < HOUR) return rtf.format(sign * Math.round(abs / MINUTE), "minute");
  if (abs < 2 * DAY) return rtf.format(sign * Math.round(abs / HOUR), "hour");
  return rtf.format(sign * Math.round(abs / DAY), "day");
}

/** "Mar 4, 02:30 PM" (in English) in `timeZone` (the viewer's by default), in `locale`. */
export function formatDateTime(
  at: number | string,
  locale = "en",
  timeZone = viewerTimeZone(readTimeZonePreference()),
): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return "–";
  return date.toLocaleString(locale, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone });
}

/** "14:00": the hour of `at` in `timeZone` (by default the viewer's, as `formatDateTime`). */
export function formatHour(at: number | string, timeZone = viewerTimeZone(readTimeZonePreference())): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", timeZone });
}

/** "85%" (in English), in `locale`; "–" for a missing ratio. */
export function formatPercent(ratio: number | null | undefined, digits = 0, locale = "en"): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  return new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

/** "12,345" (in English), in `locale`. */
export function formatNumber(n: number, locale = "en"): string {
  return Number.isFinite(n) ? new Intl.NumberFormat(locale).format(n) : "–";
}

/** A `date` input's value ("2026-12-20") for the day `iso` falls on in local time; "" for none. */
export function localDateOf(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** ISO instant of the last millisecond of a `date` input's day ("2026-12-20") in local time; null when invalid. */
export function endOfLocalDay(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
