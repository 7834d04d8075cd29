import type { LabelValue } from "@quorum/core";
import type { AttemptResponse, ExamAnswerResponse, ExamDetail, ExamItemResponse, MeResponse } from "@quorum/server";
import { useCallback, useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { api, apiOptional, describeError } from "../../api/client.js";
import { attemptStartedCheck, examAnswerCheck, examItemCheck } from "../../api/exam-checks.js";
import { Link } from "../../components/router.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { formatLabelValue } from "../../lib/choices.js";
import "../../styles/certification.css";
import { useTitleSubject } from "../../components/document-title.js";
import { useTouchOnly } from "../../components/touch-only.js";
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
  const { t } = useTranslation();
  const touchOnly = useTouchOnly();
  const [detail, setDetail] = useState<ExamDetail | undefined>();
  const [phase, setPhase] = useState<Phase>({ name: "intro" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    api<ExamDetail>(`/exams/${examId}`)
      .then(setDetail)
      .catch((e: unknown) => setError(describeError(e, t)));
  }, [examId, t]);

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

  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      setError(undefined);
      try {
        await work();
      } catch (e) {
        setError(describeError(e, t));
      } finally {
        setBusy(false);
      }
    },
    [t],
  );

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

  // In the feedback view, Enter goes on to the next item (as "Next item" does, by tap or click).
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

  useTitleSubject(detail?.exam.name);
  if (!detail) return error ? <ErrorBanner error={error} /> : <PageLoading />;
  const { exam, project } = detail;

  return (
    <div className="labeling exam" data-exam-phase={phase.name}>
      <header className="label-bar">
        <Link to={{ name: "work" }} className="btn btn-ghost btn-small" title={t("certification.backToProjects")}>
          <span className="arrow-back" aria-hidden="true">
            ←
          </span>{" "}
          {t("certification.home")}
        </Link>
        <h1 className="label-bar-title" dir="auto">
          {exam.name}
        </h1>
        <span className="label-bar-task">
          {phase.name === "answering" || phase.name === "feedback"
            ? t("exam.question", { number: phase.number })
            : project.name}
        </span>
        <span className="label-bar-spacer" />
        <span className="label-bar-count">{t("exam.atMost", { count: exam.maxItems })}</span>
      </header>
      {error && <ErrorBanner error={error} />}
      <main className="label-body">
        {phase.name === "intro" && (
          <section className="exam-intro">
            <h2>{t("exam.skillLevel", { skill: exam.skill, level: exam.level })}</h2>
            <p>
              <Trans
                i18nKey="exam.intro"
                values={{
                  project: project.name,
                  toPass: t("exam.passInRow", { count: exam.answersToPass }),
                  max: t("exam.itemCount", { count: exam.maxItems }),
                }}
                components={{ strong: <strong /> }}
              />
            </p>
            <p className="muted">
              {exam.feedback ? t("exam.feedback") : t("exam.noFeedback")}{" "}
              {touchOnly ? t("exam.paidTimeTouch") : t("exam.paidTime")}
            </p>
            {/* biome-ignore lint/a11y/noAutofocus: the exam starts from the keyboard */}
            <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={busy} autoFocus>
              {t("exam.start")} <kbd>Enter</kbd>
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
                  <strong>{phase.result.feedback.correct ? t("certification.right") : t("exam.wrong")}</strong>{" "}
                  {t("certification.expected")} {formatLabelValue(project.schema, phase.result.feedback.answer, t)}
                  {phase.result.feedback.explanation && <div>{phase.result.feedback.explanation}</div>}
                  <div className="row-actions">
                    <button
                      type="button"
                      className="btn btn-primary"
                      disabled={busy}
                      onClick={() => void run(() => showNext(phase.attemptId, phase.number + 1))}
                      aria-keyshortcuts="Enter"
                    >
                      {t("certification.next")} <kbd>Enter</kbd>
                    </button>
                  </div>
                </div>
              ) : busy ? (
                <p className="muted">{t("exam.sending")}</p>
              ) : null
            }
          />
        )}
        {phase.name === "decided" && <ExamResult exam={exam} attempt={phase.attempt} expiresAt={phase.expiresAt} />}
      </main>
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
  const { t } = useTranslation();
  const format = useFormat();
  const passed = attempt.status === "passed";
  const retryAt = attempt.decidedAt ? Date.parse(attempt.decidedAt) + exam.retryDelayMs : Date.now();
  return (
    <section className="exam-result" data-exam-status={attempt.status} aria-live="polite">
      <h2>{passed ? t("exam.passed") : t("exam.failed")}</h2>
      <p>
        {t("exam.score", {
          answers: t("exam.answerCount", { correct: format.number(attempt.correct), count: attempt.answered }),
          time: format.duration(attempt.activeMs),
        })}
      </p>
      {passed ? (
        <p>
          <Trans
            i18nKey={expiresAt ? "exam.holdsUntil" : "exam.holds"}
            values={{ skill: exam.skill, level: exam.level, until: expiresAt ? format.dateTime(expiresAt) : "" }}
            components={{ strong: <strong /> }}
          />
        </p>
      ) : (
        <p>
          <Trans i18nKey="exam.retry" values={{ at: format.dateTime(retryAt) }} components={{ strong: <strong /> }} />
        </p>
      )}
      <Link to={{ name: "work" }} className="btn btn-primary">
        {t("certification.backToProjects")}
      </Link>
    </section>
  );
}
