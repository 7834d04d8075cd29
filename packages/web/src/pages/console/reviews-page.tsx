import type { QuestionList, ReviewItemPage, StaffProjectList } from "@quorum/server";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { Link } from "../../components/router.js";
import { useTouchOnly } from "../../components/touch-only.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { TableHead } from "./table-head.js";
import { useApi } from "./use-api.js";

/** Pending review items counted a page at a time up to this many; beyond it the count shows "500+". */
const COUNT_LIMIT = 500;

interface Waiting {
  pending: number;
  more: boolean;
  questions: number;
}

/** The reviewer's start page: every project with its pending reviews and open questions. */
export function ReviewsPage() {
  const { t } = useTranslation();
  const touchOnly = useTouchOnly();
  const format = useFormat();
  const { data, error, reload } = useApi<StaffProjectList>("/projects");
  const [waiting, setWaiting] = useState<Record<number, Waiting>>({});

  useEffect(() => {
    if (!data) return;
    let cancelled = false;
    for (const p of data.projects) {
      if (p.status === "archived") continue;
      Promise.all([
        api<ReviewItemPage>(`/projects/${p.id}/reviews?status=pending&limit=${COUNT_LIMIT}`),
        api<QuestionList>(`/projects/${p.id}/questions?status=open`),
      ])
        .then(([reviews, questions]) => {
          if (cancelled) return;
          setWaiting((all) => ({
            ...all,
            [p.id]: {
              pending: reviews.items.length,
              more: reviews.next !== null,
              questions: questions.total,
            },
          }));
        })
        .catch(() => undefined);
    }
    return () => {
      cancelled = true;
    };
  }, [data]);

  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const projects = data.projects
    .filter((p) => p.status !== "archived")
    .sort((a, b) => (waiting[b.id]?.pending ?? 0) - (waiting[a.id]?.pending ?? 0) || a.name.localeCompare(b.name));
  const total = Object.values(waiting).reduce((sum, w) => sum + w.pending, 0);

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("reviews.title")}</h1>
          <p className="muted">
            {t("reviews.waiting", { count: total })} {touchOnly ? t("reviews.introTouch") : t("reviews.intro")}
          </p>
        </div>
      </div>
      {projects.length === 0 ? (
        <EmptyState title={t("reviews.noProjects")} />
      ) : (
        <div className="card table-scroll">
          <table className="table reviews-table" aria-label={t("reviews.queues")}>
            <TableHead
              columns={[
                t("reviews.project"),
                { label: t("reviews.waitingColumn"), numeric: true },
                { label: t("reviews.questionsColumn"), numeric: true },
              ]}
              actions={t("reviews.open")}
            />
            <tbody>
              {projects.map((p) => {
                const w = waiting[p.id];
                return (
                  <tr key={p.id} data-project-id={p.id}>
                    <td>
                      <Link to={{ name: "project", projectId: p.id }} className="project-link" dir="auto">
                        {p.name}
                      </Link>
                      <div className="cell-sub">
                        {t(`taskTypes.${p.schema.type}`)}
                        {p.status === "paused" ? ` · ${t("reviews.paused")}` : ""} ·{" "}
                        <Link to={{ name: "project-quality", projectId: p.id }}>{t("reviews.qualityLink")}</Link>
                      </div>
                    </td>
                    <td className="num" data-testid="pending-count" data-label={t("reviews.waitingColumn")}>
                      {w ? (
                        w.pending > 0 ? (
                          <Pill tone="info">
                            {format.number(w.pending)}
                            {w.more ? "+" : ""}
                          </Pill>
                        ) : (
                          <span className="muted">0</span>
                        )
                      ) : (
                        "…"
                      )}
                    </td>
                    <td className="num" data-label={t("reviews.questionsColumn")}>
                      {w ? (
                        w.questions > 0 ? (
                          <Link to={{ name: "project", projectId: p.id }}>{format.number(w.questions)}</Link>
                        ) : (
                          <span className="muted">0</span>
                        )
                      ) : (
                        "…"
                      )}
                    </td>
                    <td className="cell-action">
                      <Link
                        to={{ name: "review", projectId: p.id }}
                        className={`btn btn-small ${w && w.pending > 0 ? "btn-primary" : ""}`}
                      >
                        {t("reviews.review")}
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
