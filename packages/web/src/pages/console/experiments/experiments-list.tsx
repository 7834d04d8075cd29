import { can } from "@quorum/core";
import type { ExperimentList, StaffProjectList } from "@quorum/server";
import { useTranslation } from "react-i18next";
import { Link } from "../../../components/router.js";
import { useSession } from "../../../components/session.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../../components/ui.js";
import { useApi } from "../use-api.js";

const STATUS = {
  draft: "experiments.statusDraft",
  running: "experiments.statusRunning",
  stopped: "experiments.statusStopped",
} as const;

/** Every experiment the caller may read, newest first, each linking to its results. */
export function ExperimentsList() {
  const { t } = useTranslation();
  const { user } = useSession();
  const list = useApi<ExperimentList>("/experiments");
  const projects = useApi<StaffProjectList>("/projects");
  if (list.error) return <ErrorBanner error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageLoading />;
  const projectName = (id: number) => projects.data?.projects.find((p) => p.id === id)?.name ?? `#${id}`;
  return (
    <section className="card">
      {can(user.role, "experiments.manage") && (
        <p>
          <Link to={{ name: "experiment-new" }} className="btn btn-primary">
            {t("experiments.newExperiment")}
          </Link>
        </p>
      )}
      {list.data.experiments.length === 0 ? (
        <EmptyState title={t("experiments.none")} />
      ) : (
        <table className="table" aria-label={t("experiments.title")}>
          <thead>
            <tr>
              <th scope="col">{t("experiments.name")}</th>
              <th scope="col">{t("experiments.project")}</th>
              <th scope="col">{t("experiments.unit")}</th>
              <th scope="col">{t("experiments.arms")}</th>
              <th scope="col">{t("experiments.status")}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.experiments.map((e) => (
              <tr key={e.id} data-testid="experiment-row">
                <td>
                  <Link to={{ name: "experiment", experimentId: e.id }}>{e.name}</Link>
                </td>
                <td>{projectName(e.projectId)}</td>
                <td>{t(e.unit === "annotator" ? "experiments.unitAnnotator" : "experiments.unitTask")}</td>
                <td>{e.arms.map((arm) => arm.name).join(" · ")}</td>
                <td>
                  <Pill tone={e.status === "running" ? "good" : "neutral"}>{t(STATUS[e.status])}</Pill>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
