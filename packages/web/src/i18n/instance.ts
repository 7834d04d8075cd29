import i18next, { type i18n as I18n } from "i18next";
import resourcesToBackend from "i18next-resources-to-backend";
import { initReactI18next } from "react-i18next";
import { en } from "./en.js";
import { DEFAULT_LANGUAGE, type UiLanguage } from "./languages.js";

/**
 * Every language but English is its own chunk, fetched when first chosen, so the annotator's
 * first load carries English only. Vite makes one chunk per file this import can reach.
 */
function loadLanguage(language: string) {
  switch (language as UiLanguage) {
    case "de":
      return import("./de.js").then((m) => m.de);
    case "es":
      return import("./es.js").then((m) => m.es);
    case "ja":
      return import("./ja.js").then((m) => m.ja);
    case "ar":
      return import("./ar.js").then((m) => m.ar);
    default:
      return Promise.resolve(en);
  }
}

/** An i18next instance with English bundled and the other languages loaded on demand. */
export function createI18n(language: UiLanguage = DEFAULT_LANGUAGE): I18n {
  const instance = i18next.createInstance();
  void instance
    .use(resourcesToBackend((lng: string) => loadLanguage(lng)))
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: ["en", "de", "es", "ja", "ar"],
      resources: { en: { translation: en } },
      partialBundledLanguages: true,
      initAsync: false,
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
    });
  return instance;
}

/** The app's one instance; pure helpers that produce text default to it. */
export const i18n = createI18n();

/** The translate function pure helpers take (the app instance's `t` unless a view passes its own). */
export type Translate = typeof i18n.t;
