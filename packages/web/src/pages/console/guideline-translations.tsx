import type { GuidelineTranslationList, GuidelineTranslationResponse } from "@quorum/server";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { languageName, UI_LANGUAGES } from "../../i18n/languages.js";
import { useFormat } from "../../i18n/use-format.js";

/**
 * The translations of the guideline version in force, one per language: annotators read theirs
 * (de-AT reads de) or the original with a note. Saving a language again replaces its text.
 */
export function GuidelineTranslations({ projectId, version }: { projectId: number; version: number }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [list, setList] = useState<GuidelineTranslationList["translations"] | undefined>();
  const [language, setLanguage] = useState("");
  const [body, setBody] = useState("");
  const [status, setStatus] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const path = `/projects/${projectId}/guidelines/${version}/translations`;

  const load = useCallback(() => {
    api<GuidelineTranslationList>(path)
      .then((r) => setList(r.translations))
      .catch(() => setList([]));
  }, [path]);
  useEffect(load, [load]);

  const pick = (code: string) => {
    setLanguage(code);
    setBody(list?.find((x) => x.language === code)?.body ?? "");
    setStatus(undefined);
  };

  // Not a <form>: it sits inside the project form.
  const save = async () => {
    setBusy(true);
    setStatus(undefined);
    try {
      const saved = await api<GuidelineTranslationResponse>(path, { method: "POST", body: { language, body } });
      setStatus({
        ok: true,
        text: t("console.translations.saved", {
          language: languageName(saved.translation.language, i18n.language),
          version,
        }),
      });
      load();
    } catch (caught) {
      setStatus({ ok: false, text: caught instanceof ApiError ? describeError(caught) : String(caught) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="guideline-translations" aria-label={t("console.translations.title", { version })}>
      <h3>{t("console.translations.title", { version })}</h3>
      <p className="muted small">{t("console.translations.hint")}</p>
      {list && list.length > 0 && (
        <ul className="translation-list">
          {list.map((x) => (
            <li key={x.language}>
              <button type="button" className="link-button" onClick={() => pick(x.language)}>
                {languageName(x.language, i18n.language)} ({x.language})
              </button>{" "}
              <span className="muted">{format.dateTime(x.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <Field label={t("console.translations.language")} hint={t("console.translations.languageHint")}>
        {(control) => (
          <input
            {...control}
            name="translationLanguage"
            list="ui-languages"
            required
            value={language}
            onChange={(e) => pick(e.target.value)}
          />
        )}
      </Field>
      <datalist id="ui-languages">
        {UI_LANGUAGES.filter((l) => l.code !== "en").map((l) => (
          <option key={l.code} value={l.code}>
            {l.name}
          </option>
        ))}
      </datalist>
      <Field label={t("console.translations.text")}>
        {(control) => (
          <textarea
            {...control}
            name="translationBody"
            rows={8}
            required
            dir="auto"
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        )}
      </Field>
      <div className="row-actions">
        <button
          type="button"
          className="btn"
          disabled={busy || !language.trim() || !body.trim()}
          onClick={() => void save()}
        >
          {t("console.translations.save")}
        </button>
        <span role="status" className={status && !status.ok ? "text-bad" : ""}>
          {status?.text}
        </span>
      </div>
    </section>
  );
}
