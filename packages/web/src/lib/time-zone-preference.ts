/**
 * The viewer's choice of time zone for the console's daily figures, kept in this browser only
 * (`localStorage`). Empty means the workspace's zone (the server's default).
 */
const KEY = "quorum.time-zone";
const listeners = new Set<() => void>();

export function readTimeZonePreference(): string {
  try {
    return window.localStorage?.getItem(KEY) ?? "";
  } catch {
    return "";
  }
}

export function writeTimeZonePreference(zone: string): void {
  try {
    if (zone) window.localStorage?.setItem(KEY, zone);
    else window.localStorage?.removeItem(KEY);
  } catch {
    // Private windows may refuse storage: the choice then lasts for this page only.
  }
  for (const listener of listeners) listener();
}

export function onTimeZonePreference(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `&timeZone=...` for a daily series route, or "" for the workspace's zone. */
export function timeZoneQuery(zone: string): string {
  return zone ? `&timeZone=${encodeURIComponent(zone)}` : "";
}

/**
 * `timeZone=...&locale=...` for a route whose sentences carry days: the chosen zone, else the
 * browser's own (the zone the page writes its own dates in), and the interface language.
 */
export function readerQuery(zone: string, locale: string): string {
  const params = new URLSearchParams({ locale });
  const timeZone = viewerTimeZone(zone);
  if (timeZone) params.set("timeZone", timeZone);
  return params.toString();
}

/** The zone the viewer reads times in: the one chosen (`zone`), else the browser's own. */
export function viewerTimeZone(zone: string): string {
  return zone || Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Zones to offer: the browser's own and UTC first, then every zone the browser knows. */
export function timeZoneChoices(): string[] {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const all =
    typeof Intl.supportedValuesOf === "function"
      ? Intl.supportedValuesOf("timeZone")
      : ["Europe/Berlin", "America/New_York", "Asia/Tokyo"];
  return [...new Set([own, "UTC", ...all])];
}
