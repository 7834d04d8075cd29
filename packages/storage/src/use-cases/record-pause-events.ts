import type { Kysely } from "kysely";
import type { DB } from "../schema.js";
import { recordEvent } from "./record-event.js";

/** Actions that pause an annotator: `pause` by an automatic rule, `paused` set by a manager. */
const PAUSE_ACTIONS = ["pause", "paused"];

/**
 * Records `annotator.paused` for each pause logged since `since` (automatic pauses happen inside
 * the judgment's transaction, manual ones in their own; both land in `quality_actions`). Each
 * action is told once (dedup key), so overlapping scans are harmless. Returns how many were new.
 */
export async function recordPauseEvents(db: Kysely<DB>, options: { since: number; now: number }): Promise<number> {
  const actions = await db
    .selectFrom("quality_actions")
    .select(["id", "project_id", "annotator_id", "reason", "actor_id", "created_at"])
    .where("created_at", ">=", options.since)
    .where("action", "in", PAUSE_ACTIONS)
    .orderBy("created_at")
    .execute();
  if (actions.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let recorded = 0;
    for (const action of actions) {
      const id = await recordEvent(trx, {
        type: "annotator.paused",
        projectId: action.project_id,
        data: {
          annotatorId: action.annotator_id,
          reason: action.reason,
          automatic: action.actor_id === null,
          actionId: action.id,
        },
        dedupKey: `annotator.paused:${action.project_id}:${action.id}`,
        now: options.now,
      });
      if (id !== undefined) recorded++;
    }
    return recorded;
  });
}
