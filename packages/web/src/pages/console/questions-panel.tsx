import type { LabelSchema } from "@quorum/core";
import type { QuestionList, QuestionView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { OlderNewerPager } from "../../components/older-newer-pager.js";
import { useTouchOnly } from "../../components/touch-only.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { TaskView } from "../workspace/task-view.js";
import { useApi } from "./use-api.js";

/**
 * Annotators' "this case is unclear" questions with the task they were on. Reviewers, managers
 * and admins answer them; the annotator sees the answer on their home page.
 */
export function QuestionsPanel({
  projectId,
  schema,
  sensitive,
  canAnswer,
}: {
  projectId: number;
  schema: LabelSchema;
  sensitive: boolean;
  canAnswer: boolean;
}) {
  const { t } = useTranslation();
  const touchOnly = useTouchOnly();
  const [status, setStatus] = useState<"open" | "answered">("open");
  const [before, setBefore] = useState<number | undefined>();
  const { data, error, reload } = useApi<QuestionList>(
    `/projects/${projectId}/questions?status=${status}${before === undefined ? "" : `&before=${before}`}`,
  );
  const show = (which: "open" | "answered") => {
    setStatus(which);
    setBefore(undefined);
  };
  return (
    <section className="card" aria-labelledby="questions-title">
      <div className="section-head">
        <h2 id="questions-title">{t("questionsPanel.title")}</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">{t("questionsPanel.which")}</legend>
          <button type="button" aria-pressed={status === "open"} onClick={() => show("open")}>
            {t("questionsPanel.open")}
          </button>
          <button type="button" aria-pressed={status === "answered"} onClick={() => show("answered")}>
            {t("questionsPanel.answered")}
          </button>
        </fieldset>
      </div>
      {error && <ErrorBanner error={error} onRetry={reload} />}
      {!data ? (
        <PageLoading />
      ) : data.questions.length === 0 ? (
        <p className="muted">
          {status === "open" ? t("questionsPanel.noneOpen") : t("questionsPanel.noneAnswered")}{" "}
          {touchOnly ? t("questionsPanel.howTouch") : t("questionsPanel.how")}
        </p>
      ) : (
        <ul className="questions">
          {data.questions.map((q) => (
            <QuestionItem
              key={q.id}
              projectId={projectId}
              question={q}
              schema={schema}
              sensitive={sensitive}
              canAnswer={canAnswer}
              onAnswered={reload}
            />
          ))}
        </ul>
      )}
      {data && (
        <OlderNewerPager
          before={before}
          nextBefore={data.nextBefore}
          onPage={setBefore}
          newestLabel={t("questionsPanel.newestQuestions")}
          olderLabel={t("questionsPanel.olderQuestions")}
        />
      )}
    </section>
  );
}

function QuestionItem({
  projectId,
  question,
  schema,
  sensitive,
  canAnswer,
  onAnswered,
}: {
  projectId: number;
  question: QuestionView;
  schema: LabelSchema;
  sensitive: boolean;
  canAnswer: boolean;
  onAnswered: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [answer, setAnswer] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [revealed, setRevealed] = useState(!sensitive);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api(`/projects/${projectId}/questions/${question.id}/answer`, {
        method: "POST",
        body: { answer: answer.trim() },
      });
      onAnswered();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="question" data-question-id={question.id}>
      <div className="question-head">
        <strong>{question.annotatorName}</strong>
        <span className="muted" title={format.dateTime(question.createdAt)}>
          {format.relative(Date.parse(question.createdAt), Date.now())}
        </span>
        {question.taskId !== null && <span className="muted">· {t("common.taskNumber", { id: question.taskId })}</span>}
      </div>
      <p className="question-text" dir="auto">
        {question.text}
      </p>
      {question.task && (
        <details className="question-task">
          <summary>{t("questionsPanel.showTask")}</summary>
          <div className="question-task-body">
            <TaskView schema={schema} data={question.task} blurred={!revealed} onReveal={() => setRevealed(true)} />
          </div>
        </details>
      )}
      {question.answer !== null ? (
        <div className="question-answer">
          <span className="field-label">{t("questionsPanel.answer")}</span> {question.answer}
          {question.answeredAt && <span className="muted small"> · {format.dateTime(question.answeredAt)}</span>}
        </div>
      ) : canAnswer ? (
        <form className="question-form" onSubmit={submit}>
          <label className="visually-hidden" htmlFor={`answer-${question.id}`}>
            {t("questionsPanel.answerTo", { name: question.annotatorName })}
          </label>
          <textarea
            id={`answer-${question.id}`}
            rows={2}
            maxLength={5000}
            placeholder={t("questionsPanel.placeholder")}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
          <button type="submit" className="btn btn-small btn-primary" disabled={busy || answer.trim() === ""}>
            {t("questionsPanel.answerButton")}
          </button>
          {error && <ErrorBanner error={error} />}
        </form>
      ) : null}
    </li>
  );
}
