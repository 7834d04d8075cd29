import { type Project, taskLanguagesFor, type User } from "@quorum/core";
import type { Database } from "../database.js";
import { peekQueueHead } from "../repositories/task-queue.js";
import { experimentPlacement } from "./experiment-placement.js";

/**
 * Whether the annotator's queues in `project` hold a task they may take now: the head a lease
 * would read (`peekQueueHead`: their languages and experiment arm, tasks they never held), no lock.
 * A project's open tasks may all be ones this person already labeled, waiting for others.
 */
export async function hasQueuedTaskFor(database: Database, annotator: User, project: Project): Promise<boolean> {
  const { queueArm } = await experimentPlacement(database, project.id, annotator.id);
  const head = await peekQueueHead(database.db, database.dialect, {
    projectId: project.id,
    languages: taskLanguagesFor(annotator, project.requirements),
    annotatorId: annotator.id,
    queueArm,
  });
  return head !== undefined;
}
