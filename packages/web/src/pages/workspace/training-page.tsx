import type { LabelValue } from "@quorum/core";
import type { PracticeFeedbackResponse, TrainingModuleDetail } from "@quorum/server";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { practiceFeedbackCheck } from "../../api/exam-checks.js";
import { MarkdownView } from "../../components/markdown-view.js";
import { Link } from "../../components/router.js";
import { EmptyState, ErrorBanner, PageLoading } from "../../components/ui.js";
import { formatLabelValue } from "../../lib/choices.js";
import "../../styles/certification.css";
import { useTitleSubject } from "../../components/document-title.js";
import { AnswerPad } from "./answer-pad.js";

/**
 * An annotator works through a training module: the guideline section beside each practice task;
 * after answering they see whether it was right, the expected answer and the hint ("Next item",
 * or Enter, goes on). Practice may be repeated.
 */
export function TrainingPage({ moduleId }: { moduleId: number }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<TrainingModuleDetail | undefined>();
  const [index, setIndex] = useState(0);
  const [feedback, setFeedback] = useState<PracticeFeedbackResponse | undefined>();
  const [right, setRight] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(() => {
    api<TrainingModuleDetail>(`/training-modules/${moduleId}`)
      .then((d) => {
        setDetail(d);
        const firstOpen = d.module.items.findIndex((i) => i.yours === undefined);
        setIndex(Math.max(0, firstOpen));
      })
      .catch((e: unknown) => setError(describeError(e, t)));
  }, [moduleId, t]);
  useEffect(load, [load]);

  const items = detail?.module.items ?? [];
  const item = items[index];
  const done = detail !== undefined && index >= items.length;

  const answer = (value: LabelValue) => {
    if (!item) return;
    setBusy(true);
    setError(undefined);
    api(`/training-modules/${moduleId}/answers`, {
      method: "POST",
      body: { itemId: item.id, value },
      check: practiceFeedbackCheck,
    })
      .then((f) => {
        setFeedback(f);
        if (f.correct) setRight((n) => n + 1);
      })
      .catch((e: unknown) => setError(describeError(e, t)))
      .finally(() => setBusy(false));
  };

  const goOn = useCallback(() => {
    setFeedback(undefined);
    setIndex((i) => i + 1);
  }, []);
  const latest = useRef({ feedback, goOn });
  latest.current = { feedback, goOn };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Enter" || event.defaultPrevented || !latest.current.feedback) return;
      event.preventDefault();
      latest.current.goOn();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useTitleSubject(detail?.module.title);
  if (!detail) return error ? <ErrorBanner error={error} /> : <PageLoading />;
  const { module, project } = detail;
  return (
    <div className="labeling with-guidelines training">
      <header className="label-bar">
        <Link to={{ name: "work" }} className="btn btn-ghost btn-small" title={t("certification.backToProjects")}>
          <span className="arrow-back" aria-hidden="true">
            ←
          </span>{" "}
          {t("certification.home")}
        </Link>
        <h1 className="label-bar-title" dir="auto">
          {module.title}
        </h1>
        <span className="label-bar-task">
          {done ? "" : t("practice.progress", { number: index + 1, total: items.length })}
        </span>
        <span className="label-bar-spacer" />
        <span className="label-bar-count" dir="auto">
          {project.name}
        </span>
      </header>
      {error && <ErrorBanner error={error} />}
      <main className="label-body">
        {item && !done ? (
          <AnswerPad
            key={item.id}
            schema={project.schema}
            item={item}
            sensitive={project.sensitive}
            locked={busy || feedback !== undefined}
            onSubmit={answer}
            footer={
              feedback && (
                <div className={`banner ${feedback.correct ? "banner-info" : "banner-warn"}`} role="status">
                  <strong>{feedback.correct ? t("certification.right") : t("practice.notQuite")}</strong>{" "}
                  {t("certification.expected")} {formatLabelValue(project.schema, feedback.answer, t)}
                  <div className="practice-hint">{feedback.hint}</div>
                  {feedback.explanation && <div className="muted">{feedback.explanation}</div>}
                  <div className="row-actions">
                    <button type="button" className="btn btn-primary" onClick={goOn} aria-keyshortcuts="Enter">
                      {t("certification.next")} <kbd>Enter</kbd>
                    </button>
                  </div>
                </div>
              )
            }
          />
        ) : (
          <div className="labeling-message">
            <EmptyState title={t("practice.done")}>
              <p>{t("practice.score", { right, total: items.length })}</p>
              <div className="row-actions">
                <button
                  type="button"
                  className="btn"
                  onClick={() => {
                    setIndex(0);
                    setRight(0);
                  }}
                >
                  {t("practice.again")}
                </button>
                <Link to={{ name: "work" }} className="btn btn-primary">
                  {t("certification.backToProjects")}
                </Link>
              </div>
            </EmptyState>
          </div>
        )}
        <aside className="guidelines-panel" aria-label={t("practice.section")}>
          <header>
            <h2>{module.section}</h2>
            <span className="muted">{t("practice.version", { version: module.guidelineVersion })}</span>
          </header>
          <div className="guidelines-body">
            <MarkdownView source={module.body} />
          </div>
        </aside>
      </main>
    </div>
  );
}
