import { answersToPass, type LabelSchema } from "@quorum/core";
import type {
  AnnotatorExam,
  Exam,
  ExamAnswerResult,
  ExamAttempt,
  ExamItem,
  listAnnotatorTraining,
  listTrainingModules,
  PracticeFeedback,
  PracticeItemView,
  readTrainingModule,
  UserSkill,
} from "@quorum/storage";
import type { UserView } from "./views.js";

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** An exam as the API shows it; `answersToPass` is how many straight right answers pass. */
export function examView(exam: Exam) {
  return {
    id: exam.id,
    projectId: exam.projectId,
    name: exam.name,
    skill: exam.skill,
    level: exam.level,
    ...exam.test,
    answersToPass: answersToPass(exam.test),
    retryDelayMs: exam.retryDelayMs,
    validityMs: exam.validityMs,
    feedback: exam.feedback,
    guidelineVersion: exam.guidelineVersion,
    createdAt: iso(exam.createdAt),
  };
}
export type ExamView = ReturnType<typeof examView>;

/** One of the exams an annotator may take, with where they stand. */
export function annotatorExamView(entry: AnnotatorExam) {
  return {
    ...examView(entry.exam),
    projectName: entry.projectName,
    lastAttempt: entry.last && {
      id: entry.last.id,
      status: entry.last.status,
      decidedAt: isoOrNull(entry.last.decidedAt),
    },
    retryAt: isoOrNull(entry.retryAt),
    holds: entry.holds,
    required: entry.required,
    retraining: entry.retraining,
  };
}
export type AnnotatorExamView = ReturnType<typeof annotatorExamView>;

/** An attempt; `activeMs` is its paid time, `length` how many items it may ask at most. */
export function attemptView(attempt: ExamAttempt) {
  return {
    id: attempt.id,
    examId: attempt.examId,
    projectId: attempt.projectId,
    annotatorId: attempt.annotatorId,
    status: attempt.status,
    answered: attempt.answered,
    correct: attempt.correct,
    length: attempt.items.length,
    activeMs: attempt.activeMs,
    startedAt: iso(attempt.startedAt),
    decidedAt: isoOrNull(attempt.decidedAt),
  };
}
export type AttemptView = ReturnType<typeof attemptView>;

/** The project an exam or module belongs to, as much as taking it needs. */
export interface ExamProjectView {
  id: number;
  name: string;
  schema: LabelSchema;
  sensitive: boolean;
}

/** `POST /exams`, `POST /training-modules`. */
export interface CreatedId {
  id: number;
}
/** `GET /exams` for staff. */
export interface ExamList {
  exams: ExamView[];
}
/** `GET /exams` for an annotator: the exams they may take. */
export interface AnnotatorExamList {
  exams: AnnotatorExamView[];
}
/** `GET /exams/{id}`. */
export interface ExamDetail {
  exam: ExamView;
  project: ExamProjectView;
}
/** `POST /exams/{id}/attempts`. */
export interface AttemptStarted {
  attempt: Pick<AttemptView, "id" | "status">;
}
/** `GET /exam-attempts/{id}`. */
export interface AttemptResponse {
  attempt: AttemptView;
}
/** `GET /exams/{id}/attempts`. */
export interface AttemptList {
  attempts: (AttemptView & { annotatorName: string; vendor: string | null })[];
}
/** `POST /exam-attempts/{id}/next` while the exam runs (204 once decided). */
export interface ExamItemResponse {
  item: ExamItem;
}
/** `POST /exam-attempts/{id}/answers`. */
export type ExamAnswerResponse = ExamAnswerResult;

/** One certified skill in `GET /users/me`. */
export type UserSkillView = Omit<UserSkill, "grantedAt" | "expiresAt" | "idleAt"> & {
  grantedAt: string;
  expiresAt: string;
  idleAt: string;
};
export function userSkillView(skill: UserSkill): UserSkillView {
  return { ...skill, grantedAt: iso(skill.grantedAt), expiresAt: iso(skill.expiresAt), idleAt: iso(skill.idleAt) };
}
/** `GET /users/me`: the caller, and the skills exams granted them. */
export interface MeResponse {
  user: UserView;
  skills: UserSkillView[];
}

type Resolved<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
/** One module in `GET /training-modules` for staff. */
export type TrainingModuleSummary = Omit<Resolved<typeof listTrainingModules>[number], "createdAt"> & {
  createdAt: string;
};
/** One module in `GET /training-modules` for an annotator, with how many items they answered. */
export type AnnotatorTrainingSummary = Omit<Resolved<typeof listAnnotatorTraining>[number], "createdAt"> & {
  createdAt: string;
};
export interface TrainingModuleList {
  modules: (TrainingModuleSummary | AnnotatorTrainingSummary)[];
}
/** `GET /training-modules/{id}`. */
export interface TrainingModuleDetail {
  module: Omit<Resolved<typeof readTrainingModule>, "createdAt" | "createdBy"> & { createdAt: string };
  project: ExamProjectView;
}
export type { PracticeItemView };
/** `POST /training-modules/{id}/answers`. */
export type PracticeFeedbackResponse = PracticeFeedback;
