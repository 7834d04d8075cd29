import type { HotSpots as HotSpotsBody, StaffProjectList } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { EmptyState, ErrorBanner, PageLoading } from "../../components/ui.js";
import { useApi } from "../console/use-api.js";
import { useAnswerText } from "../console/use-project-schemas.js";

/**
 * Where the guidelines are unclear: questions counted per guideline section × label in one
 * project, each count linking to the inbox filtered to those threads.
 */
export function HotSpots() {
  const { t } = useTranslation();
  const projects = useApi<StaffProjectList>("/projects");
  const [projectId, setProjectId] = useState<number | undefined>();
  const chosen = projectId ?? projects.data?.projects[0]?.id;
  const { data, error, reload } = useApi<HotSpotsBody>(
    chosen === undefined ? undefined : `/projects/${chosen}/support/hot-spots`,
  );
  const answerText = useAnswerText();
  const labels = data?.labels.map((l) => l.name) ?? [];
  const inbox = (section: string | null, label: string | null) => {
    const query = new URLSearchParams({ status: "", projectId: String(chosen) });
    if (section !== null) query.set("section", section);
    if (label !== null) query.set("label", label);
    return `/console/support?${query}`;
  };
  return (
    <section aria-labelledby="hot-spots-title">
      <div className="section-head">
        <h2 id="hot-spots-title">{t("support.tabs.hot-spots")}</h2>
        <label>
          {t("support.project")}{" "}
          <select value={chosen ?? ""} onChange={(e) => setProjectId(Number(e.target.value))}>
            {projects.data?.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">{t("support.hotSpotsIntro")}</p>
      {(error || projects.error) && <ErrorBanner error={error ?? projects.error ?? ""} onRetry={reload} />}
      {!data ? (
        <PageLoading />
      ) : data.cells.length === 0 ? (
        <EmptyState title={t("support.noQuestions")} />
      ) : (
        <table className="table hot-spots-table">
          <thead>
            <tr>
              <th scope="col">{t("support.section")}</th>
              {labels.map((label) => (
                <th scope="col" key={String(label)}>
                  {label === null || chosen === undefined ? t("support.noLabel") : answerText(chosen, label)}
                </th>
              ))}
              <th scope="col">{t("support.total")}</th>
            </tr>
          </thead>
          <tbody>
            {data.sections.map((section) => (
              <tr key={String(section.name)}>
                <th scope="row">{section.name ?? t("support.noSection")}</th>
                {labels.map((label) => {
                  const cell = data.cells.find((c) => c.section === section.name && c.label === label);
                  return (
                    <td key={String(label)} className="num">
                      {cell ? (
                        <a href={inbox(section.name, label)} title={t("support.openCount", { open: cell.open })}>
                          {cell.total}
                        </a>
                      ) : (
                        ""
                      )}
                    </td>
                  );
                })}
                <td className="num">
                  <strong>{section.total}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
