import { checkEligibility } from "../assignment/eligibility.js";
import { DomainError } from "../errors.js";
import type { Project, User } from "../project.js";
import { can } from "../roles.js";

/** Whether an annotator may see and work on a project: it is active and they meet its requirements. */
export function annotatorMayWork(user: User, project: Project): boolean {
  return project.status === "active" && checkEligibility(user, project.requirements).eligible;
}

/**
 * Whether a caller may see a project at all: staff with `projects.read` see every project; an
 * annotator only active projects they are eligible for; nobody else any. Callers answer "not
 * found" otherwise, so the existence of other projects does not leak.
 */
export function projectVisibleTo(user: User, project: Project): boolean {
  if (can(user.role, "projects.read")) return true;
  return user.role === "annotator" && annotatorMayWork(user, project);
}

/** What may change in a project; an archived project is read-only for each of them. */
export type ProjectChange = "tasks" | "guidelines";

const ARCHIVED_REFUSAL: Record<ProjectChange, string> = {
  tasks: "An archived project takes no new tasks",
  guidelines: "An archived project's guidelines cannot change",
};

/**
 * Refuses a change to an archived project (403): the one archived check the routes make. Its
 * settings, status included, may still change (to unarchive it).
 */
export function assertProjectAcceptsChange(project: Pick<Project, "status">, change: ProjectChange): void {
  if (project.status === "archived") throw new DomainError("project_archived", ARCHIVED_REFUSAL[change]);
}
