import { can, guidelineSections } from "@quorum/core";
import type { AttemptList, ExamList, GuidelinesResponse, StaffProjectList } from "@quorum/server";
import { useEffect, useState } from "react";
import { api, describeError } from "../../api/client.js";
import { useSession } from "../../components/session.js";
import { EmptyState, ErrorBanner, PageLoading, Pill } from "../../components/ui.js";
import { formatDateTime, formatDuration } from "../../lib/format.js";
import "../../styles/certification.css";
import { ExamForm } from "./exam-form.js";
import { TrainingForm } from "./training-form.js";
import { useApi } from "./use-api.js";

/**
 * Exams and training per project: the exams with their attempts (paid active time included),
 * a form for a new exam and one for a training module, and the re-certification mark of the
 * guideline version in force. Vendor leads see their own people's attempts only.
 */
export function ExamsPage() {
  const { user } = useSession();
  const projects = useApi<StaffProjectList>("/projects");
  const [projectId, setProjectId] = useState<number | undefined>();
  const selected = projectId ?? projects.data?.projects[0]?.id;
  const exams = useApi<ExamList>(selected === undefined ? undefined : `/exams?projectId=${selected}`);
  const canManage = can(user.role, "projects.manage");

  if (projects.error) return <ErrorBanner error={projects.error} onRetry={projects.reload} />;
  if (!projects.data) return <PageLoading />;
  const project = projects.data.projects.find((p) => p.id === selected);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Exams and training</h1>
          <p className="muted">
            Exams are decided by Wald's sequential test on the project's gold tasks; a pass grants the skill.
          </p>
        </div>
        <select aria-label="Project" value={selected ?? ""} onChange={(e) => setProjectId(Number(e.target.value))}>
          {projects.data.projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {!project ? (
        <EmptyState title="No projects yet" />
      ) : (
        <>
          {exams.error && <ErrorBanner error={exams.error} onRetry={exams.reload} />}
          <div className="card">
            <h2>Exams of {project.name}</h2>
            {exams.data && exams.data.exams.length === 0 && <p className="muted">No exams yet.</p>}
            <ul className="certification-list">
              {exams.data?.exams.map((exam) => (
                <ExamRow key={exam.id} exam={exam} />
              ))}
            </ul>
          </div>
          {canManage && <ExamForm key={project.id} projectId={project.id} onCreated={exams.reload} />}
          {canManage && project.guidelineVersion > 0 && (
            <Recertification projectId={project.id} version={project.guidelineVersion} />
          )}
          {canManage && <TrainingFormLoader key={`t${project.id}`} projectId={project.id} />}
        </>
      )}
    </div>
  );
}

function ExamRow({ exam }: { exam: ExamList["exams"][number] }) {
  const [attempts, setAttempts] = useState<AttemptList["attempts"] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const toggle = () => {
    if (attempts) return setAttempts(undefined);
    api<AttemptList>(`/exams/${exam.id}/attempts`)
      .then((r) => setAttempts(r.attempts))
      .catch((e: unknown) => setError(describeError(e)));
  };
  return (
    <li className="certification-item" style={{ gridTemplateColumns: "1fr auto" }}>
      <div>
        <strong>{exam.name}</strong>
        <span className="muted">
          {" "}
          · grants {exam.skill} level {exam.level} for {Math.round(exam.validityMs / 86_400_000)} days · p0 {exam.p0},
          p1 {exam.p1}, α {exam.alpha}, β {exam.beta}, at most {exam.maxItems} items (flawless pass after{" "}
          {exam.answersToPass}) · retry after {formatDuration(exam.retryDelayMs)}
          {exam.feedback ? " · feedback on" : ""}
        </span>
        {error && <ErrorBanner error={error} />}
        {attempts && (
          <table className="table">
            <thead>
              <tr>
                <th>Who</th>
                <th>Status</th>
                <th className="num">Right / answered</th>
                <th className="num">Paid time</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {attempts.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    No attempts yet.
                  </td>
                </tr>
              )}
              {attempts.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.annotatorName}
                    {a.vendor ? <span className="muted"> · {a.vendor}</span> : null}
                  </td>
                  <td>
                    <Pill tone={a.status === "passed" ? "good" : a.status === "failed" ? "bad" : "info"}>
                      {a.status.replace("_", " ")}
                    </Pill>
                  </td>
                  <td className="num">
                    {a.correct} / {a.answered}
                  </td>
                  <td className="num">{formatDuration(a.activeMs)}</td>
                  <td>{formatDateTime(a.startedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <button type="button" className="btn btn-small" onClick={toggle} aria-expanded={attempts !== undefined}>
        {attempts ? "Hide attempts" : "Attempts"}
      </button>
    </li>
  );
}

function Recertification({ projectId, version }: { projectId: number; version: number }) {
  const [message, setMessage] = useState<string | undefined>();
  const mark = (required: boolean) =>
    api(`/projects/${projectId}/guidelines/${version}`, {
      method: "PATCH",
      body: { requiresRecertification: required },
    })
      .then(() =>
        setMessage(
          required
            ? `Guidelines v${version} require re-certification: people certified before them pass an exam again before their next task.`
            : `Guidelines v${version} no longer require re-certification.`,
        ),
      )
      .catch((e: unknown) => setMessage(describeError(e)));
  return (
    <div className="card">
      <h2>Re-certification</h2>
      <p className="muted">
        Mark the guideline version in force (v{version}) when its changes need everyone certified before it to pass a
        short delta exam.
      </p>
      <div className="row-actions">
        <button type="button" className="btn" onClick={() => void mark(true)}>
          Require re-certification for v{version}
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => void mark(false)}>
          Clear the mark
        </button>
      </div>
      {message && <p role="status">{message}</p>}
    </div>
  );
}

/** The training form once the guideline sections of the version in force are known. */
function TrainingFormLoader({ projectId }: { projectId: number }) {
  const [sections, setSections] = useState<string[] | undefined>();
  useEffect(() => {
    api<GuidelinesResponse>(`/projects/${projectId}/guidelines`)
      .then((g) => {
        const current = g.versions.find((v) => v.version === g.current);
        setSections(current ? guidelineSections(current.body).map((s) => s.heading) : []);
      })
      .catch(() => setSections([]));
  }, [projectId]);
  if (!sections) return null;
  return <TrainingForm projectId={projectId} sections={sections} />;
}
