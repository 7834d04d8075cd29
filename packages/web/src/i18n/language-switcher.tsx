import { useTranslation } from "react-i18next";
import { chooseUiLanguage } from "./language.js";
import { UI_LANGUAGES } from "./languages.js";

/** The interface language, each option named in its own language; remembered for `userId`. */
export function LanguageSwitcher({ userId }: { userId?: number }) {
  const { t, i18n } = useTranslation();
  return (
    <select
      className="language-switcher"
      aria-label={t("common.language")}
      value={i18n.language}
      onChange={(event) => void chooseUiLanguage(event.target.value, userId)}
    >
      {UI_LANGUAGES.map((l) => (
        <option key={l.code} value={l.code} lang={l.code}>
          {l.name}
        </option>
      ))}
    </select>
  );
}
