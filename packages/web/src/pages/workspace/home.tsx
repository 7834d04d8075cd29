import type { AnnotatorProjectList, AnnotatorProjectView } from "@quorum/server";
import { useCallback, useEffect, useState } from "react";
import { api, describeError } from "../../api/client.js";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { formatDuration, formatNumber, formatPercent, formatRelative } from "../../lib/format.js";
import { TASK_TYPE_INFO } from "../../lib/schema-builder.js";
import { CertificationPanel } from "./certification-panel.js";
import { KeptAnswers } from "./kept-answers.js";
import { MyQuestions } from "./my-questions.js";

export function WorkspaceHome() {
  const { user } = useSession();
  const [projects, setProjects] = useState<AnnotatorProjectView[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(() => {
    setError(undefined);
    api<AnnotatorProjectList>("/projects")
      .then((r) => setProjects(r.projects))
      .catch((e: unknown) => setError(describeError(e)));
  }, []);
  useEffect(load, [load]);

  const totals = (projects ?? []).reduce(
    (t, p) => ({
      judgments: t.judgments + p.today.judgments,
      activeMs: t.activeMs + p.today.activeMs,
      goldAnswered: t.goldAnswered + p.today.goldAnswered,
      goldCorrect: t.goldCorrect + p.today.goldCorrect,
    }),
    { judgments: 0, activeMs: 0, goldAnswered: 0, goldCorrect: 0 },
  );

  return (
    <main className="work-home">
      <section className="work-hello">
        <div>
          <h1>Hello, {user.name.split(" ")[0]}</h1>
          <p className="muted">Pick a project to start. Your answers are saved as you go.</p>
        </div>
        <dl className="today-figures" aria-label="Your figures today">
          <div>
            <dt>Judgments today</dt>
            <dd>{formatNumber(totals.judgments)}</dd>
          </div>
          <div>
            <dt>Active time</dt>
            <dd>{formatDuration(totals.activeMs)}</dd>
          </div>
          <div>
            <dt>Gold accuracy</dt>
            <dd>{totals.goldAnswered > 0 ? formatPercent(totals.goldCorrect / totals.goldAnswered) : "–"}</dd>
          </div>
        </dl>
      </section>
      <KeptAnswers />
      <CertificationPanel />
      {projects && projects.length > 0 && <MyQuestions projects={projects} />}
      {error && <ErrorBanner error={error} onRetry={load} />}
      {!projects && !error && <PageLoading />}
      {projects && projects.length === 0 && (
        <EmptyState title="No projects for you right now">
          <p className="muted">When a project matches your languages and skills it shows up here.</p>
        </EmptyState>
      )}
      <ul className="project-cards">
        {projects?.map((p) => (
          <li key={p.id} className="project-card">
            <div className="project-card-head">
              <h2>{p.name}</h2>
              <div className="project-card-tags">
                <Pill>{TASK_TYPE_INFO[p.schema.type].title}</Pill>
                {p.sensitive && (
                  <Pill tone="warn" title="Media is blurred until you choose to see it">
                    Sensitive
                  </Pill>
                )}
              </div>
            </div>
            {p.description && <p className="project-card-description">{p.description}</p>}
            <dl className="project-card-figures">
              <div>
                <dt>Tasks left</dt>
                <dd>{formatNumber(p.tasks.remaining)}</dd>
              </div>
              <div>
                <dt>Yours today</dt>
                <dd>{formatNumber(p.today.judgments)}</dd>
              </div>
              <div>
                <dt>Active today</dt>
                <dd>{formatDuration(p.today.activeMs)}</dd>
              </div>
              {p.today.goldAnswered > 0 && (
                <div>
                  <dt>Gold today</dt>
                  <dd>
                    {p.today.goldCorrect}/{p.today.goldAnswered}
                  </dd>
                </div>
              )}
              {p.deadline && (
                <div>
                  <dt>Due</dt>
                  <dd>{formatRelative(Date.parse(p.deadline), Date.now())}</dd>
                </div>
              )}
            </dl>
            <Link
              to={{ name: "label", projectId: p.id }}
              className={`btn ${p.tasks.remaining > 0 ? "btn-primary" : ""}`}
            >
              {p.tasks.remaining > 0 ? "Start labeling" : "Open"}
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
