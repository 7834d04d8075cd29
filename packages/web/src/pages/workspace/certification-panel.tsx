import type { AnnotatorExamList, AnnotatorTrainingSummary, TrainingModuleList } from "@quorum/server";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { Link } from "../../components/router.js";
import { Pill } from "../../components/ui.js";
import type { Translate } from "../../i18n/instance.js";
import { useFormat } from "../../i18n/use-format.js";
import "../../styles/certification.css";

type ExamEntry = AnnotatorExamList["exams"][number];

function examState(
  exam: ExamEntry,
  t: Translate,
  dateTime: (at: string) => string,
): { tone: "good" | "warn" | "bad" | "info" | "neutral"; text: string } {
  if (exam.lastAttempt?.status === "in_progress") return { tone: "info", text: t("certification.inProgress") };
  if (exam.retryAt) return { tone: "bad", text: t("certification.retryFrom", { at: dateTime(exam.retryAt) }) };
  if (exam.retraining) return { tone: "warn", text: t("certification.retraining") };
  if (exam.required) return { tone: "warn", text: t("certification.required") };
  if (exam.holds) return { tone: "good", text: t("certification.certified") };
  return { tone: "neutral", text: t("certification.open") };
}

/** The exams and training modules open to the annotator, on their home page. Nothing when there are none. */
export function CertificationPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const [exams, setExams] = useState<ExamEntry[]>([]);
  const [modules, setModules] = useState<AnnotatorTrainingSummary[]>([]);
  useEffect(() => {
    api<AnnotatorExamList>("/exams")
      .then((r) => setExams(r.exams))
      .catch(() => undefined);
    api<TrainingModuleList>("/training-modules")
      .then((r) => setModules(r.modules.filter((m): m is AnnotatorTrainingSummary => "answered" in m)))
      .catch(() => undefined);
  }, []);
  if (exams.length === 0 && modules.length === 0) return null;
  return (
    <section className="certification-panel" aria-label={t("certification.title")}>
      <h2>{t("certification.title")}</h2>
      <ul className="certification-list">
        {exams.map((exam) => {
          const state = examState(exam, t, format.dateTime);
          return (
            <li key={`exam-${exam.id}`} className="certification-item">
              <div>
                <strong>{exam.name}</strong>
                <span className="muted">
                  {" · "}
                  {t("certification.examMeta", { project: exam.projectName, skill: exam.skill, level: exam.level })}
                </span>
              </div>
              <Pill tone={state.tone}>{state.text}</Pill>
              {!exam.retryAt && (
                <Link to={{ name: "exam", examId: exam.id }} className="btn btn-small">
                  {exam.lastAttempt?.status === "in_progress"
                    ? t("certification.resumeExam")
                    : t("certification.takeExam")}
                </Link>
              )}
            </li>
          );
        })}
        {modules.map((m) => (
          <li key={`training-${m.id}`} className="certification-item">
            <div>
              <strong>{m.title}</strong>
              <span className="muted">
                {" · "}
                {t("certification.trainingMeta", { project: m.projectName, answered: m.answered, total: m.itemCount })}
              </span>
            </div>
            <Pill tone="info">{t("certification.training")}</Pill>
            <Link to={{ name: "training", moduleId: m.id }} className="btn btn-small">
              {t("certification.practise")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
