import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.js";

const HOUR = 3_600_000;

/** Adds one judgment to its annotator's hourly roll-up (what stats read instead of raw judgments). */
export async function addJudgmentActivity(
  trx: Kysely<DB>,
  judgment: {
    projectId: number;
    annotatorId: number;
    activeMs: number;
    goldCorrect: boolean | null;
    createdAt: number;
  },
): Promise<void> {
  const hour = Math.floor(judgment.createdAt / HOUR) * HOUR;
  const gold = judgment.goldCorrect === null ? 0 : 1;
  const correct = judgment.goldCorrect ? 1 : 0;
  const { activeMs } = judgment;
  await trx
    .insertInto("activity_hourly")
    .values({
      project_id: judgment.projectId,
      hour,
      annotator_id: judgment.annotatorId,
      judgments: 1,
      active_ms: activeMs,
      gold_answered: gold,
      gold_correct: correct,
    })
    .onConflict((oc) =>
      oc.columns(["project_id", "hour", "annotator_id"]).doUpdateSet({
        judgments: sql`activity_hourly.judgments + 1`,
        active_ms: sql`activity_hourly.active_ms + ${activeMs}`,
        gold_answered: sql`activity_hourly.gold_answered + ${gold}`,
        gold_correct: sql`activity_hourly.gold_correct + ${correct}`,
      }),
    )
    .execute();
}
