import { pickLanguage } from "@quorum/core";

/** The languages the interface is translated into, each named in itself, with its writing direction. */
export const UI_LANGUAGES = [
  { code: "en", name: "English", dir: "ltr" },
  { code: "de", name: "Deutsch", dir: "ltr" },
  { code: "es", name: "Español", dir: "ltr" },
  { code: "ja", name: "日本語", dir: "ltr" },
  { code: "ar", name: "العربية", dir: "rtl" },
] as const;

export type UiLanguage = (typeof UI_LANGUAGES)[number]["code"];
export const DEFAULT_LANGUAGE: UiLanguage = "en";
const CODES: readonly string[] = UI_LANGUAGES.map((l) => l.code);

export function isUiLanguage(code: string | null | undefined): code is UiLanguage {
  return code !== null && code !== undefined && CODES.includes(code);
}

/** The writing direction of an interface language. */
export function directionOf(code: string): "ltr" | "rtl" {
  return UI_LANGUAGES.find((l) => l.code === code)?.dir ?? "ltr";
}

/**
 * The interface language for a person: the one they chose in the switcher, else their first
 * language (the first of their profile's languages that the interface speaks, `de-AT` counting
 * as `de`), else the browser's, else English.
 */
export function chooseLanguage(options: {
  chosen?: string | null | undefined;
  profile?: readonly string[] | undefined;
  browser?: readonly string[] | undefined;
}): UiLanguage {
  if (isUiLanguage(options.chosen)) return options.chosen;
  for (const wanted of [options.profile ?? [], options.browser ?? []]) {
    const picked = pickLanguage(wanted, CODES);
    if (isUiLanguage(picked)) return picked;
  }
  return DEFAULT_LANGUAGE;
}

/** The name of a language in `displayLanguage` ("de" → "Deutsch" in German, "German" in English), via Intl. */
export function languageName(code: string, displayLanguage: string): string {
  try {
    return new Intl.DisplayNames([displayLanguage], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
