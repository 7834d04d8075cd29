import { type Project, taskLanguagesFor, type User } from "@quorum/core";
import type { Database } from "../database.js";
import { peekQueueHead, type QueuedTask } from "../repositories/task-queue.js";
import { experimentPlacement } from "./experiment-placement.js";

/**
 * The head of the annotator's queues in `project`, as a lease would read it (`peekQueueHead`:
 * their languages, their share of the queue where an experiment runs, tasks they never held), no
 * lock. `annotator` carries the skills that count (`withCertifiedSkills`).
 */
export async function queueHeadFor(
  database: Database,
  annotator: User,
  project: Project,
): Promise<QueuedTask | undefined> {
  // The experiment arm is cached: no statement when known.
  const { queueArm } = await experimentPlacement(database, project.id, annotator.id);
  return peekQueueHead(database.db, database.dialect, {
    projectId: project.id,
    languages: taskLanguagesFor(annotator, project.requirements),
    annotatorId: annotator.id,
    queueArm,
  });
}

/**
 * Whether the annotator's queues in `project` hold a task they may take now (`queueHeadFor`).
 * A project's open tasks may all be ones this person already labeled, waiting for others.
 */
export async function hasQueuedTaskFor(database: Database, annotator: User, project: Project): Promise<boolean> {
  return (await queueHeadFor(database, annotator, project)) !== undefined;
}
