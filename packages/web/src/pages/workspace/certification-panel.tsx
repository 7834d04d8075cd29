import type { AnnotatorExamList, AnnotatorTrainingSummary, TrainingModuleList } from "@quorum/server";
import { useEffect, useState } from "react";
import { api } from "../../api/client.js";
import { Link } from "../../components/router.js";
import { Pill } from "../../components/ui.js";
import { formatDateTime } from "../../lib/format.js";
import "../../styles/certification.css";

type ExamEntry = AnnotatorExamList["exams"][number];

function examState(exam: ExamEntry): { tone: "good" | "warn" | "bad" | "info" | "neutral"; text: string } {
  if (exam.lastAttempt?.status === "in_progress") return { tone: "info", text: "In progress" };
  if (exam.retryAt) return { tone: "bad", text: `Retry from ${formatDateTime(exam.retryAt)}` };
  if (exam.retraining) return { tone: "warn", text: "Pass it to return to work" };
  if (exam.required) return { tone: "warn", text: "Required before your next task" };
  if (exam.holds) return { tone: "good", text: "Certified" };
  return { tone: "neutral", text: "Open" };
}

/** The exams and training modules open to the annotator, on their home page. Nothing when there are none. */
export function CertificationPanel() {
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
    <section className="certification-panel" aria-label="Exams and training">
      <h2>Exams and training</h2>
      <ul className="certification-list">
        {exams.map((exam) => {
          const state = examState(exam);
          return (
            <li key={`exam-${exam.id}`} className="certification-item">
              <div>
                <strong>{exam.name}</strong>
                <span className="muted">
                  {" "}
                  · {exam.projectName} · {exam.skill} level {exam.level}
                </span>
              </div>
              <Pill tone={state.tone}>{state.text}</Pill>
              {!exam.retryAt && (
                <Link to={{ name: "exam", examId: exam.id }} className="btn btn-small">
                  {exam.lastAttempt?.status === "in_progress" ? "Resume exam" : "Take exam"}
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
                {" "}
                · {m.projectName} · training, {m.answered} of {m.itemCount} practised
              </span>
            </div>
            <Pill tone="info">Training</Pill>
            <Link to={{ name: "training", moduleId: m.id }} className="btn btn-small">
              Practise
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
