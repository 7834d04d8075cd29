import type { EventType, Project } from "@quorum/core";
import { reviewPolicyIsOn } from "@quorum/core";
import type { Kysely } from "kysely";
import { aggregateJudgesAnswers } from "../repositories/aggregate-verdicts.js";
import { forgetProject, getProject, type ProjectChanges, writeProjectChanges } from "../repositories/projects.js";
import type { DB } from "../schema.js";
import { finishSettledTasks } from "./finish-settled-tasks.js";
import { recordTasksCompletionEvents } from "./record-completion-events.js";
import { subscribedEventTypes } from "./record-event.js";

const COMPLETION_EVENTS: readonly EventType[] = ["task.completed", "batch.completed", "project.completed"];

/**
 * Changes a project's settings in one transaction. Gold tasks a gold policy without controls
 * releases, and that already have the answers they need, become done as a judgment settling them
 * would leave them (`finishSettledTasks`: judgment marks, the review policy asked) and are told
 * (`recordTasksCompletionEvents`, with their batch's and the project's completion).
 */
export async function updateProject(
  db: Kysely<DB>,
  id: number,
  changes: ProjectChanges,
  actorId: number,
  now: number,
  random: () => number = Math.random,
): Promise<Project | undefined> {
  await db.transaction().execute(async (trx) => {
    const released = await writeProjectChanges(trx, id, changes, actorId, now);
    if (released.length === 0) return;
    const project = await getProject(trx, id);
    if (!project) return;
    await finishSettledTasks(trx, project, released, {
      marks: aggregateJudgesAnswers(project.schema),
      review: reviewPolicyIsOn(project.reviewPolicy),
      draw: random,
      now,
    });
    const subscribed = await subscribedEventTypes(trx);
    const wanted = new Set(COMPLETION_EVENTS.filter((type) => subscribed.has(type)));
    await recordTasksCompletionEvents(trx, { projectId: id, tasks: released, wanted, now });
  });
  forgetProject(db, id);
  return getProject(db, id);
}
