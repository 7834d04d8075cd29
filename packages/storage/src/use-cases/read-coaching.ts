import {
  type CoachingGroup,
  controlKindOf,
  givesGoldFeedback,
  groupMissedGold,
  type MissedGold,
  parseGoldPolicy,
} from "@quorum/core";
import { type Kysely, sql } from "kysely";
import { type CoachingNote, listCoachingNotes } from "../repositories/coaching-notes.js";
import type { DB } from "../schema.js";

/** Missed gold items read per call; coaching looks at recent mistakes, not a person's whole history. */
export const COACHING_ITEMS = 100;

export interface Coaching {
  groups: (CoachingGroup & { projectName: string })[];
  /** Missed gold answers left out because the person may not see their gold (hidden controls). */
  withheld: number;
  notes: CoachingNote[];
}

/** A person's latest missed gold answers with the task's gold and how the lease was served (the partial index `judgments_gold_missed`). */
export function missedGoldQuery(db: Kysely<DB>, userId: number, limit: number) {
  return (
    db
      .selectFrom("judgments as j")
      .innerJoin("tasks as t", (join) =>
        join.onRef("t.project_id", "=", "j.project_id").onRef("t.id", "=", "j.task_id"),
      )
      .innerJoin("assignments as a", (join) =>
        join.onRef("a.project_id", "=", "j.project_id").onRef("a.id", "=", "j.assignment_id"),
      )
      .select(["j.project_id", "j.task_id", "j.value", "j.created_at", "t.gold", "t.gold_explanation", "a.served_as"])
      .where("j.annotator_id", "=", userId)
      // A literal, so both planners can match the partial index's predicate.
      .where(sql<boolean>`j.gold_correct = 0`)
      .orderBy("j.created_at", "desc")
      .limit(limit)
  );
}

/**
 * What a person needs coaching on: their most recent missed gold answers (their answer, the gold
 * answer and its explanation) grouped by project and gold label, with the guideline section the
 * explanation names, and the notes managers wrote. Read through the partial index of missed gold
 * answers, so the cost follows the mistakes read, not the person's judgments. `ownView`: the
 * person reads their own, so only misses they were already given feedback on are shown (a hidden
 * control's gold stays hidden); the rest are counted in `withheld`.
 */
export async function readCoaching(
  db: Kysely<DB>,
  options: { userId: number; ownView: boolean; limit?: number },
): Promise<Coaching> {
  const rows = await missedGoldQuery(db, options.userId, options.limit ?? COACHING_ITEMS).execute();
  const projectIds = [...new Set(rows.map((r) => Number(r.project_id)))];
  const projects = projectIds.length
    ? await db
        .selectFrom("projects as p")
        .leftJoin("guideline_versions as g", (join) =>
          join.onRef("g.project_id", "=", "p.id").onRef("g.version", "=", "p.guideline_version"),
        )
        .select(["p.id", "p.name", "p.gold_policy", "g.body"])
        .where("p.id", "in", projectIds)
        .execute()
    : [];
  const byId = new Map(projects.map((p) => [Number(p.id), p]));
  const feedback = new Map(projects.map((p) => [Number(p.id), parseGoldPolicy(JSON.parse(p.gold_policy)).feedback]));
  let withheld = 0;
  const missed: MissedGold[] = [];
  for (const row of rows) {
    const projectId = Number(row.project_id);
    const servedAs = controlKindOf(row.served_as);
    const policy = feedback.get(projectId);
    if (options.ownView && (!policy || !givesGoldFeedback(policy, servedAs))) {
      withheld++;
      continue;
    }
    missed.push({
      projectId,
      taskId: Number(row.task_id),
      answer: JSON.parse(row.value),
      gold: row.gold === null ? null : JSON.parse(row.gold),
      explanation: row.gold_explanation,
      createdAt: Number(row.created_at),
    });
  }
  const guidelines = new Map(projects.map((p) => [Number(p.id), p.body ?? ""]));
  return {
    groups: groupMissedGold(missed, guidelines).map((g) => ({ ...g, projectName: byId.get(g.projectId)?.name ?? "" })),
    withheld,
    notes: await listCoachingNotes(db, options.userId),
  };
}
