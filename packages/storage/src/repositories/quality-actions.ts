import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

/** Logs an action on an annotator; `actorId` null when an automatic rule took it. */
export async function insertQualityAction(
  trx: Kysely<DB>,
  action: {
    projectId: number;
    annotatorId: number;
    action: string;
    reason: string;
    actorId: number | null;
    now: number;
  },
): Promise<void> {
  await trx
    .insertInto("quality_actions")
    .values({
      project_id: action.projectId,
      annotator_id: action.annotatorId,
      action: action.action,
      reason: action.reason,
      actor_id: action.actorId,
      created_at: action.now,
      reversed_by: null,
      reversed_at: null,
    })
    .execute();
}

/** Marks an action reversed unless it already was; returns it, or undefined. */
export async function markActionReversed(
  trx: Kysely<DB>,
  options: { projectId: number; actionId: number; actorId: number; now: number },
): Promise<{ annotatorId: number; action: string } | undefined> {
  const row = await trx
    .updateTable("quality_actions")
    .set({ reversed_by: options.actorId, reversed_at: options.now })
    .where("project_id", "=", options.projectId)
    .where("id", "=", options.actionId)
    .where("reversed_at", "is", null)
    .returning(["annotator_id", "action"])
    .executeTakeFirst();
  return row && { annotatorId: row.annotator_id, action: row.action };
}

/** Annotator statuses in a project, with the action that set them (newest 500). */
export async function listQualityActions(db: Kysely<DB>, projectId: number) {
  return db
    .selectFrom("quality_actions")
    .leftJoin("users", "users.id", "quality_actions.annotator_id")
    .select([
      "quality_actions.id",
      "quality_actions.annotator_id",
      "users.name",
      "quality_actions.action",
      "quality_actions.reason",
      "quality_actions.actor_id",
      "quality_actions.created_at",
      "quality_actions.reversed_by",
      "quality_actions.reversed_at",
    ])
    .where("quality_actions.project_id", "=", projectId)
    .orderBy("quality_actions.id", "desc")
    .limit(500)
    .execute();
}
