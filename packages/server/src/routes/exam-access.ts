import { can, notFound, type Project, type User } from "@quorum/core";
import {
  annotatorMayTrain,
  type Exam,
  type ExamAttempt,
  getAttempt,
  getExam,
  getProjectCached,
  getTrainingModule,
  getUser,
  type TrainingModule,
} from "@quorum/storage";
import type { Context } from "hono";
import { currentUser } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { ExamProjectView } from "./exam-views.js";

/**
 * The project behind an exam or training module, if the caller may see it: staff with
 * `projects.read` always; an annotator when they may train there (active project, a language
 * they speak, not paused; skills not needed, since exams are how they are earned). Otherwise
 * "not found", like projects.
 */
async function trainingProject(
  c: Context<AppEnv>,
  projectId: number,
  what: string,
): Promise<{ project: Project; user: User }> {
  const user = currentUser(c);
  const { database } = c.get("deps");
  const project = await getProjectCached(database.db, projectId);
  if (!project) throw notFound(what);
  if (can(user.role, "projects.read")) return { project, user };
  if (user.role === "annotator" && (await annotatorMayTrain(database.db, user, project))) return { project, user };
  throw notFound(what);
}

export async function visibleExam(
  c: Context<AppEnv>,
  id: number,
): Promise<{ exam: Exam; project: Project; user: User }> {
  const exam = await getExam(c.get("deps").database.db, id);
  if (!exam) throw notFound("Exam");
  return { exam, ...(await trainingProject(c, exam.projectId, "Exam")) };
}

export async function visibleTrainingModule(
  c: Context<AppEnv>,
  id: number,
): Promise<{ module: TrainingModule; project: Project; user: User }> {
  const module = await getTrainingModule(c.get("deps").database.db, id);
  if (!module) throw notFound("Training module");
  return { module, ...(await trainingProject(c, module.projectId, "Training module")) };
}

/** An attempt, for the person who made it or staff with `stats.read` (a vendor lead: their own people's only). */
export async function visibleAttempt(c: Context<AppEnv>, id: number): Promise<ExamAttempt> {
  const user = currentUser(c);
  const { database } = c.get("deps");
  const attempt = await getAttempt(database.db, id);
  if (!attempt) throw notFound("Exam attempt");
  if (attempt.annotatorId === user.id) return attempt;
  if (!can(user.role, "stats.read")) throw notFound("Exam attempt");
  if (user.role === "vendor_lead") {
    const person = await getUser(database.db, attempt.annotatorId);
    if (!person || person.vendor === null || person.vendor !== user.vendor) throw notFound("Exam attempt");
  }
  return attempt;
}

export function examProjectView(project: Project): ExamProjectView {
  return { id: project.id, name: project.name, schema: project.schema, sensitive: project.sensitive };
}
