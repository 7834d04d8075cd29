import type { AnnotatorProjectList, AnnotatorProjectView } from "@quorum/server";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { CertificationPanel } from "./certification-panel.js";
import { KeptAnswers } from "./kept-answers.js";
import { MyQuestions } from "./my-questions.js";
import { StartAnywhere } from "./start-anywhere.js";
import { setWorkingAnywhere } from "./work-anywhere.js";

export function WorkspaceHome() {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const [projects, setProjects] = useState<AnnotatorProjectView[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(() => {
    setError(undefined);
    api<AnnotatorProjectList>("/projects")
      .then((r) => setProjects(r.projects))
      .catch((e: unknown) => setError(describeError(e, t)));
  }, [t]);
  useEffect(load, [load]);
  // Back home: the annotator picks again (a project card works on that project only).
  useEffect(() => setWorkingAnywhere(false), []);

  const totals = (projects ?? []).reduce(
    (sum, p) => ({
      judgments: sum.judgments + p.today.judgments,
      activeMs: sum.activeMs + p.today.activeMs,
      goldAnswered: sum.goldAnswered + p.today.goldAnswered,
      goldCorrect: sum.goldCorrect + p.today.goldCorrect,
    }),
    { judgments: 0, activeMs: 0, goldAnswered: 0, goldCorrect: 0 },
  );

  return (
    <main className="work-home">
      <section className="work-hello">
        <div>
          <h1>{t("home.hello", { name: user.name.split(" ")[0] })}</h1>
          <p className="muted">{t("home.intro")}</p>
        </div>
        <dl className="today-figures" aria-label={t("home.figures")}>
          <div>
            <dt>{t("home.judgmentsToday")}</dt>
            <dd>{format.number(totals.judgments)}</dd>
          </div>
          <div>
            <dt>{t("home.activeTime")}</dt>
            <dd>{format.duration(totals.activeMs)}</dd>
          </div>
          <div>
            <dt>{t("home.goldAccuracy")}</dt>
            <dd>{totals.goldAnswered > 0 ? format.percent(totals.goldCorrect / totals.goldAnswered) : "–"}</dd>
          </div>
        </dl>
      </section>
      {projects?.some((p) => p.tasks.available) && <StartAnywhere />}
      <KeptAnswers />
      <CertificationPanel />
      {projects && projects.length > 0 && <MyQuestions projects={projects} />}
      {error && <ErrorBanner error={error} onRetry={load} />}
      {!projects && !error && <PageLoading />}
      {projects && projects.length === 0 && (
        <EmptyState title={t("home.noProjects")}>
          <p className="muted">{t("home.noProjectsHint")}</p>
        </EmptyState>
      )}
      <ul className="project-cards">
        {projects?.map((p) => (
          <li key={p.id} className="project-card">
            <div className="project-card-head">
              <h2 dir="auto">{p.name}</h2>
              <div className="project-card-tags">
                <Pill>{t(`taskTypes.${p.schema.type}`)}</Pill>
                {p.sensitive && (
                  <Pill tone="warn" title={t("home.sensitiveHint")}>
                    {t("home.sensitive")}
                  </Pill>
                )}
              </div>
            </div>
            {p.description && (
              <p className="project-card-description" dir="auto">
                {p.description}
              </p>
            )}
            <dl className="project-card-figures">
              <div>
                <dt>{t("home.tasksLeft")}</dt>
                <dd>{format.number(p.tasks.remaining)}</dd>
              </div>
              <div>
                <dt>{t("home.yoursToday")}</dt>
                <dd>{format.number(p.today.judgments)}</dd>
              </div>
              <div>
                <dt>{t("home.activeToday")}</dt>
                <dd>{format.duration(p.today.activeMs)}</dd>
              </div>
              {p.today.goldAnswered > 0 && (
                <div>
                  <dt>{t("home.goldToday")}</dt>
                  <dd>
                    {format.number(p.today.goldCorrect)}/{format.number(p.today.goldAnswered)}
                  </dd>
                </div>
              )}
              {p.deadline && (
                <div>
                  <dt>{t("home.due")}</dt>
                  <dd>{format.relative(Date.parse(p.deadline), Date.now())}</dd>
                </div>
              )}
            </dl>
            {p.tasks.remaining > 0 && !p.tasks.available && <p className="project-card-note">{t("home.noneForYou")}</p>}
            <Link to={{ name: "label", projectId: p.id }} className={`btn ${p.tasks.available ? "btn-primary" : ""}`}>
              {p.tasks.available ? t("home.start") : t("home.open")}
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
