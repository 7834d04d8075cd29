import type { GuidelinesResponse, LocalizedGuidelineVersionView } from "@quorum/server";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.js";
import { languageName } from "../i18n/languages.js";
import { MarkdownView } from "./markdown-view.js";

/**
 * A project's guidelines, asked for in the reader's language: the translation when the version
 * has one (de-AT reads de), else the original with a note saying so. Shows the version in force,
 * or `version` when given; staff who can read older versions may pick one.
 */
export function GuidelinesPanel({
  projectId,
  version,
  onClose,
}: {
  projectId: number;
  /** The version to show (a lease's); the current one when undefined. */
  version?: number | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [guidelines, setGuidelines] = useState<GuidelinesResponse | undefined>();
  const [picked, setPicked] = useState<number | undefined>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version in force (the lease says so) is fetched again
  useEffect(() => {
    let cancelled = false;
    api<GuidelinesResponse>(`/projects/${projectId}/guidelines?language=${encodeURIComponent(language)}`)
      .then((g) => {
        if (!cancelled) setGuidelines(g);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [projectId, language, version]);

  const wanted = picked ?? version ?? guidelines?.current;
  const shown: LocalizedGuidelineVersionView | undefined =
    guidelines?.versions.find((v) => v.version === wanted) ?? guidelines?.versions[0];

  return (
    <aside id="guidelines-panel" className="guidelines-panel" aria-label={t("guidelines.title")}>
      <header>
        <h2>{t("guidelines.title")}</h2>
        {guidelines && guidelines.versions.length > 1 ? (
          <select
            aria-label={t("guidelines.versionOf")}
            value={shown?.version}
            onChange={(e) => setPicked(Number(e.target.value))}
          >
            {guidelines.versions.map((v) => (
              <option key={v.version} value={v.version}>
                {t("guidelines.version", { version: v.version })}
              </option>
            ))}
          </select>
        ) : (
          shown && <span className="muted">{t("guidelines.version", { version: shown.version })}</span>
        )}
        <button type="button" className="btn-icon" onClick={onClose} aria-label={t("guidelines.hide")}>
          ×
        </button>
      </header>
      {shown && shown.translation === null && language !== "en" && (
        <p className="guidelines-note" role="note" data-testid="guidelines-untranslated">
          {t("guidelines.untranslated", { language: languageName(language, language) })}
        </p>
      )}
      <div className="guidelines-body" dir="auto" lang={shown?.translation?.language}>
        {shown ? <MarkdownView source={shown.body} /> : <p className="muted">{t("guidelines.none")}</p>}
      </div>
    </aside>
  );
}
