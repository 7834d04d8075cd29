import type { StaffProjectList, ThreadList } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { OlderNewerPager } from "../../components/older-newer-pager.js";
import { EmptyState, ErrorBanner, PageLoading } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { useApi } from "../console/use-api.js";
import { useAnswerText } from "../console/use-project-schemas.js";
import { SlaPill, SupportThread } from "./support-thread.js";

type StatusFilter = "" | "open" | "answered" | "resolved";

/** Where the inbox's filters come from: the URL's query, so a hot spot can link to its threads. */
function initialFilters() {
  const query = new URLSearchParams(window.location.search);
  return {
    status: (query.get("status") ?? "open") as StatusFilter,
    breached: query.get("breached") === "true",
    projectId: query.get("projectId") ?? "",
    section: query.get("section") ?? "",
    label: query.get("label") ?? "",
  };
}

/** The support inbox: threads across projects, filtered, with the selected one open beside the list. */
export function SupportInbox({ staff }: { staff: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const answerText = useAnswerText();
  const [filters, setFilters] = useState(initialFilters);
  const [selected, setSelected] = useState<{ projectId: number; id: number } | undefined>();
  /** The page shown: threads older than this id, or the newest (undefined). */
  const [before, setBefore] = useState<number | undefined>();
  const projects = useApi<StaffProjectList>("/projects");
  const query = new URLSearchParams();
  if (filters.status) query.set("status", filters.status);
  if (filters.breached) query.set("breached", "true");
  if (filters.projectId) query.set("projectId", filters.projectId);
  if (filters.section) query.set("section", filters.section);
  if (filters.label) query.set("label", filters.label);
  if (before !== undefined) query.set("before", String(before));
  const { data, error, reload } = useApi<ThreadList>(`/support/threads?${query}`);
  const set = (patch: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setBefore(undefined);
  };
  return (
    <div className="support-inbox">
      <form className="support-filters" aria-label={t("support.filters")} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("support.status")}
          <select value={filters.status} onChange={(e) => set({ status: e.target.value as StatusFilter })}>
            <option value="">{t("support.statusAll")}</option>
            {(["open", "answered", "resolved"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`support.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("support.project")}
          <select value={filters.projectId} onChange={(e) => set({ projectId: e.target.value })}>
            <option value="">{t("support.projectAll")}</option>
            {projects.data?.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("support.section")}
          <input value={filters.section} onChange={(e) => set({ section: e.target.value })} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={filters.breached} onChange={(e) => set({ breached: e.target.checked })} />
          {t("support.breachedOnly")}
        </label>
      </form>
      {error && <ErrorBanner error={error} onRetry={reload} />}
      <div className="support-columns">
        <div>
          {!data ? (
            <PageLoading />
          ) : data.threads.length === 0 ? (
            <EmptyState title={t("support.none")} />
          ) : (
            <table className="table support-table">
              <thead>
                <tr>
                  <th scope="col">{t("support.asker")}</th>
                  <th scope="col">{t("support.question")}</th>
                  <th scope="col">{t("support.section")}</th>
                  <th scope="col">{t("support.status")}</th>
                  <th scope="col">{t("support.due")}</th>
                </tr>
              </thead>
              <tbody>
                {data.threads.map((thread) => (
                  <tr
                    key={`${thread.projectId}-${thread.id}`}
                    aria-selected={selected?.id === thread.id}
                    data-thread-id={thread.id}
                  >
                    <td>
                      {thread.annotatorName}
                      <div className="muted small" dir="auto">
                        {thread.projectName}
                      </div>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setSelected({ projectId: thread.projectId, id: thread.id })}
                      >
                        {thread.text.length > 90 ? `${thread.text.slice(0, 90)}…` : thread.text}
                      </button>
                      <div className="muted small">{format.relative(Date.parse(thread.createdAt), Date.now())}</div>
                    </td>
                    <td>
                      {thread.section ?? t("support.noSection")}
                      {thread.label && <div className="muted small">{answerText(thread.projectId, thread.label)}</div>}
                    </td>
                    <td>{t(`support.statuses.${thread.status}`)}</td>
                    <td>
                      <SlaPill thread={thread} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data && (
            <OlderNewerPager
              before={before}
              nextBefore={data.nextBefore}
              onPage={setBefore}
              newestLabel={t("support.newestThreads")}
              olderLabel={t("support.olderThreads")}
            />
          )}
        </div>
        {selected && (
          <SupportThread
            key={`${selected.projectId}-${selected.id}`}
            projectId={selected.projectId}
            questionId={selected.id}
            mode={staff ? "staff" : "reader"}
            onChanged={reload}
          />
        )}
      </div>
    </div>
  );
}
