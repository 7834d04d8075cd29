import { checkEligibility, type ExamStatus, type Project, retryAllowedAt, skillState, type User } from "@quorum/core";
import type { Kysely } from "kysely";
import { getAnnotatorQuality } from "../repositories/annotator-quality.js";
import { attemptsByAnnotator } from "../repositories/exam-attempts.js";
import { type Exam, listExams } from "../repositories/exams.js";
import { listProjects } from "../repositories/projects.js";
import { listTrainingModules, trainingAnswersOf } from "../repositories/training-modules.js";
import type { DB } from "../schema.js";
import { checkProductionAccess } from "./check-production-access.js";
import { loadSkillGrants } from "./load-skill-grants.js";

/**
 * The projects whose exams and training an annotator may take: active, in a language they speak,
 * and not paused there. Skill requirements do not count: exams are how skills are earned.
 */
async function openProjects(db: Kysely<DB>, annotator: User): Promise<Project[]> {
  const projects = (await listProjects(db)).filter(
    (p) =>
      p.status === "active" &&
      checkEligibility(annotator, { languages: p.requirements.languages, skills: {} }).eligible,
  );
  const open: Project[] = [];
  for (const p of projects) if ((await getAnnotatorQuality(db, p.id, annotator.id)).status !== "paused") open.push(p);
  return open;
}

/** Whether an annotator may take this project's exams and training (see `openProjects`). */
export async function annotatorMayTrain(db: Kysely<DB>, annotator: User, project: Project): Promise<boolean> {
  if (project.status !== "active") return false;
  if (!checkEligibility(annotator, { languages: project.requirements.languages, skills: {} }).eligible) return false;
  return (await getAnnotatorQuality(db, project.id, annotator.id)).status !== "paused";
}

export interface AnnotatorExam {
  exam: Exam;
  projectName: string;
  /** Their latest attempt. */
  last: { id: number; status: ExamStatus; decidedAt: number | null } | null;
  /** When they may start again after a failure; null when they may now. */
  retryAt: number | null;
  /** They hold the exam's skill at its level or above, active now. */
  holds: boolean;
  /** They must pass it (or another exam for the skill) before their next task on the project. */
  required: boolean;
  /** They are retraining on the project: passing returns them to work. */
  retraining: boolean;
}

/** The exams an annotator may take, with where they stand on each. */
export async function listAnnotatorExams(
  db: Kysely<DB>,
  options: { annotator: User; now: number },
): Promise<AnnotatorExam[]> {
  const { annotator, now } = options;
  const projects = await openProjects(db, annotator);
  const byId = new Map(projects.map((p) => [p.id, p]));
  const exams = (await listExams(db)).filter((e) => byId.has(e.projectId));
  if (exams.length === 0) return [];
  const [attempts, grants] = await Promise.all([
    attemptsByAnnotator(db, annotator.id),
    loadSkillGrants(db, annotator.id),
  ]);
  const needsOf = new Map<number, Awaited<ReturnType<typeof checkProductionAccess>>["needs"]>();
  const statusOf = new Map<number, string>();
  for (const project of new Set(exams.map((e) => byId.get(e.projectId)!))) {
    needsOf.set(project.id, (await checkProductionAccess(db, { project, annotator, now })).needs);
    statusOf.set(project.id, (await getAnnotatorQuality(db, project.id, annotator.id)).status);
  }
  return exams.map((exam) => {
    const mine = attempts.filter((a) => a.examId === exam.id);
    const last = mine.at(-1);
    return {
      exam,
      projectName: byId.get(exam.projectId)!.name,
      last: last ? { id: last.id, status: last.status, decidedAt: last.decidedAt } : null,
      retryAt: retryAllowedAt(mine, exam.retryDelayMs, now),
      holds: grants.some((g) => g.skill === exam.skill && g.level >= exam.level && skillState(g, now) === "active"),
      required: (needsOf.get(exam.projectId) ?? []).some((n) => n.skill === exam.skill && n.level <= exam.level),
      retraining: statusOf.get(exam.projectId) === "retrain",
    };
  });
}

/** The training modules an annotator may work through, with how many items they answered. */
export async function listAnnotatorTraining(db: Kysely<DB>, annotator: User) {
  const projects = new Map((await openProjects(db, annotator)).map((p) => [p.id, p]));
  const modules = (await listTrainingModules(db)).filter((m) => projects.has(m.projectId));
  if (modules.length === 0) return [];
  const answers = await trainingAnswersOf(db, annotator.id);
  return modules.map((m) => ({
    ...m,
    projectName: projects.get(m.projectId)!.name,
    answered: answers.filter((a) => a.moduleId === m.id).length,
  }));
}
