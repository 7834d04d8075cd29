import { i18n } from "./instance.js";
import { chooseLanguage, directionOf, isUiLanguage, type UiLanguage } from "./languages.js";

/** Where a person's choice in the language switcher is kept: per person, and the last one for the sign-in page. */
const storageKey = (userId?: number) => (userId === undefined ? "quorum.language" : `quorum.language.${userId}`);

function storedChoice(userId?: number): string | null {
  try {
    return window.localStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
}

/** Sets `lang` and `dir` on the document, so the browser lays out right to left for Arabic. */
function applyToDocument(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

/** Loads the language's resources (a separate chunk unless English) and switches the interface to it. */
export async function switchLanguage(language: UiLanguage): Promise<void> {
  if (i18n.language !== language || !i18n.hasResourceBundle(language, "translation"))
    await i18n.changeLanguage(language);
  applyToDocument(language);
}

/** The interface language for someone signed in (or, without `user`, for the sign-in page). */
export function languageFor(user?: { id: number; languages: readonly string[] }): UiLanguage {
  return chooseLanguage({
    chosen: storedChoice(user?.id) ?? (user ? null : undefined),
    profile: user?.languages,
    browser: typeof navigator === "undefined" ? [] : navigator.languages,
  });
}

/** The switcher's choice: remembered for this person (and as the sign-in page's), then applied. */
export async function chooseUiLanguage(language: string, userId?: number): Promise<void> {
  if (!isUiLanguage(language)) return;
  try {
    window.localStorage.setItem(storageKey(userId), language);
    window.localStorage.setItem(storageKey(), language);
  } catch {
    // private mode: the choice lasts for this page only
  }
  await switchLanguage(language);
}
