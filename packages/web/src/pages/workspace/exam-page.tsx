import type { LabelValue } from "@quorum/core";
import type { AttemptResponse, ExamAnswerResponse, ExamDetail, ExamItemResponse, MeResponse } from "@quorum/server";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, apiOptional, describeError } from "../../api/client.js";
import { attemptStartedCheck, examAnswerCheck, examItemCheck } from "../../api/exam-checks.js";
import { Link } from "../../components/router.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { formatLabelValue } from "../../lib/choices.js";
import { formatDateTime, formatDuration } from "../../lib/format.js";
import "../../styles/certification.css";
import { AnswerPad } from "./answer-pad.js";

type Phase =
  | { name: "intro" }
  | { name: "answering"; attemptId: number; item: ExamItemResponse["item"]; number: number }
  | {
      name: "feedback";
      attemptId: number;
      item: ExamItemResponse["item"];
      number: number;
      result: ExamAnswerResponse;
    }
  | { name: "decided"; attempt: AttemptResponse["attempt"]; expiresAt: string | null };

/**
 * An annotator takes an exam: the items one at a time with the labeling view's keys (number keys
 * pick, Enter submits), until the sequential test decides. No right-or-wrong is shown unless the
 * exam gives feedback. A reload resumes the attempt at its current item.
 */
export function ExamPage({ examId }: { examId: number }) {
  const [detail, setDetail] = useState<ExamDetail | undefined>();
  const [phase, setPhase] = useState<Phase>({ name: "intro" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    api<ExamDetail>(`/exams/${examId}`)
      .then(setDetail)
      .catch((e: unknown) => setError(describeError(e)));
  }, [examId]);

  const showNext = useCallback(async (attemptId: number, number: number) => {
    const next = await apiOptional(`/exam-attempts/${attemptId}/next`, { method: "POST", check: examItemCheck });
    if (next) {
      setPhase({ name: "answering", attemptId, item: next.item, number });
      return;
    }
    const { attempt } = await api<AttemptResponse>(`/exam-attempts/${attemptId}`);
    let expiresAt: string | null = null;
    if (attempt.status === "passed") {
      const me = await api<MeResponse>("/users/me");
      expiresAt = me.skills.find((s) => s.state === "active" && s.grantedAt === attempt.decidedAt)?.expiresAt ?? null;
    }
    setPhase({ name: "decided", attempt, expiresAt });
  }, []);

  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }, []);

  const start = () =>
    run(async () => {
      const { attempt } = await api(`/exams/${examId}/attempts`, { method: "POST", check: attemptStartedCheck });
      const { attempt: full } = await api<AttemptResponse>(`/exam-attempts/${attempt.id}`);
      await showNext(attempt.id, full.answered + 1);
    });

  const answer = (value: LabelValue, activeMs: number) => {
    if (phase.name !== "answering") return;
    const { attemptId, item, number } = phase;
    void run(async () => {
      const result = await api(`/exam-attempts/${attemptId}/answers`, {
        method: "POST",
        body: { itemId: item.id, value, activeMs },
        check: examAnswerCheck,
      });
      if (result.feedback) setPhase({ name: "feedback", attemptId, item, number, result });
      else await showNext(attemptId, number + 1);
    });
  };

  // In the feedback view, Enter goes on to the next item.
  const latest = useRef({ phase, busy });
  latest.current = { phase, busy };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const { phase: p, busy: b } = latest.current;
      if (event.key !== "Enter" || event.defaultPrevented || b || p.name !== "feedback") return;
      event.preventDefault();
      void run(() => showNext(p.attemptId, p.number + 1));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [run, showNext]);

  if (!detail) return error ? <ErrorBanner error={error} /> : <PageLoading />;
  const { exam, project } = detail;

  return (
    <div className="labeling exam" data-exam-phase={phase.name}>
      <header className="label-bar">
        <Link to={{ name: "work" }} className="btn btn-ghost btn-small" title="Back to your projects">
          ← Home
        </Link>
        <h1 className="label-bar-title">{exam.name}</h1>
        <span className="label-bar-task">
          {phase.name === "answering" || phase.name === "feedback" ? `Question ${phase.number}` : project.name}
        </span>
        <span className="label-bar-spacer" />
        <span className="label-bar-count">at most {exam.maxItems} questions</span>
      </header>
      {error && <ErrorBanner error={error} />}
      <div className="label-body">
        {phase.name === "intro" && (
          <section className="exam-intro">
            <h2>
              {exam.skill} · level {exam.level}
            </h2>
            <p>
              Answer each item as the guidelines of <strong>{project.name}</strong> ask. The exam ends as soon as your
              answers show clearly enough how accurate you are: {exam.answersToPass} right answers in a row pass, a few
              early misses fail. It asks at most {exam.maxItems} items.
            </p>
            <p className="muted">
              {exam.feedback
                ? "You are told after each answer whether it was right."
                : "You are not told whether each answer was right."}{" "}
              Your time on the exam counts as paid time. Number keys choose, Enter submits.
            </p>
            {/* biome-ignore lint/a11y/noAutofocus: the exam starts from the keyboard */}
            <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={busy} autoFocus>
              Start the exam <kbd>Enter</kbd>
            </button>
          </section>
        )}
        {(phase.name === "answering" || phase.name === "feedback") && (
          <AnswerPad
            key={phase.item.id}
            schema={project.schema}
            item={phase.item}
            sensitive={project.sensitive}
            locked={busy || phase.name === "feedback"}
            onSubmit={answer}
            footer={
              phase.name === "feedback" && phase.result.feedback ? (
                <div
                  className={`banner ${phase.result.feedback.correct ? "banner-info" : "banner-warn"}`}
                  role="status"
                >
                  <strong>{phase.result.feedback.correct ? "Right." : "Not the expected answer."}</strong> Expected:{" "}
                  {formatLabelValue(project.schema, phase.result.feedback.answer)}
                  {phase.result.feedback.explanation && <div>{phase.result.feedback.explanation}</div>}
                  <div className="muted">
                    Press <kbd>Enter</kbd> to go on.
                  </div>
                </div>
              ) : busy ? (
                <p className="muted">Sending…</p>
              ) : null
            }
          />
        )}
        {phase.name === "decided" && <ExamResult exam={exam} attempt={phase.attempt} expiresAt={phase.expiresAt} />}
      </div>
    </div>
  );
}

function ExamResult({
  exam,
  attempt,
  expiresAt,
}: {
  exam: ExamDetail["exam"];
  attempt: AttemptResponse["attempt"];
  expiresAt: string | null;
}) {
  const passed = attempt.status === "passed";
  const retryAt = attempt.decidedAt ? Date.parse(attempt.decidedAt) + exam.retryDelayMs : Date.now();
  return (
    <section className="exam-result" data-exam-status={attempt.status} aria-live="polite">
      <h2>{passed ? "You passed" : "Not passed this time"}</h2>
      <p>
        {attempt.correct} of {attempt.answered} answers right, in {formatDuration(attempt.activeMs)} of active time.
      </p>
      {passed ? (
        <p>
          You now hold <strong>{exam.skill}</strong> at level {exam.level}
          {expiresAt ? ` until ${formatDateTime(expiresAt)}` : ""}.
        </p>
      ) : (
        <p>
          Read the guidelines again; you may retake the exam from <strong>{formatDateTime(retryAt)}</strong>.
        </p>
      )}
      <Link to={{ name: "work" }} className="btn btn-primary">
        Back to your projects
      </Link>
    </section>
  );
}
