import type { AnnotatorProjectView, QuestionList, QuestionView } from "@quorum/server";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { Link } from "../../components/router.js";
import { useFormat } from "../../i18n/use-format.js";
import { taskPreview } from "../../lib/task-content.js";

interface Asked extends QuestionView {
  projectName: string;
}

/** Answered questions older than this drop off the home page (they stay in the project's list). */
const SHOW_ANSWERED_FOR_MS = 14 * 86_400_000;

/**
 * The annotator's "this case is unclear" questions across their projects: answers first (the
 * reason to look), then how many still wait for one.
 */
export function MyQuestions({ projects }: { projects: AnnotatorProjectView[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [questions, setQuestions] = useState<Asked[] | undefined>();
  useEffect(() => {
    let cancelled = false;
    Promise.all(
      projects.map((p) =>
        api<QuestionList>(`/projects/${p.id}/questions`)
          .then((r) => r.questions.map((q) => ({ ...q, projectName: p.name })))
          .catch(() => [] as Asked[]),
      ),
    ).then((lists) => {
      if (!cancelled) setQuestions(lists.flat());
    });
    return () => {
      cancelled = true;
    };
  }, [projects]);
  if (!questions || questions.length === 0) return null;
  const now = Date.now();
  const answered = questions
    .filter((q) => q.answer !== null && q.answeredAt && now - Date.parse(q.answeredAt) < SHOW_ANSWERED_FOR_MS)
    .sort((a, b) => Date.parse(b.answeredAt ?? "") - Date.parse(a.answeredAt ?? ""));
  const open = questions.filter((q) => q.status === "open");
  if (answered.length === 0 && open.length === 0) return null;
  return (
    <section className="my-questions" aria-labelledby="my-questions-title">
      <h2 id="my-questions-title">{t("questions.title")}</h2>
      {answered.length > 0 && (
        <ul>
          {answered.slice(0, 6).map((q) => (
            <li key={q.id} className="my-question" data-question-id={q.id}>
              <div className="my-question-head muted">
                <bdi>{q.projectName}</bdi>
                {q.taskId !== null ? ` · ${t("common.taskNumber", { id: q.taskId })}` : ""}
                {q.task ? ` · “${taskPreview(q.task, 60)}”` : ""}
              </div>
              <p className="my-question-text">{q.text}</p>
              <p className="my-question-answer">
                <strong>{t("questions.answer")}</strong> {q.answer}{" "}
                <span className="muted" title={format.dateTime(q.answeredAt ?? "")}>
                  ({format.relative(Date.parse(q.answeredAt ?? ""), now)})
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
      {open.length > 0 && <p className="muted small">{t("questions.waiting", { count: open.length })}</p>}
      <p>
        <Link to={{ name: "my-support" }}>{t("mySupport.link")}</Link>
      </p>
    </section>
  );
}
