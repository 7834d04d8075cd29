import { type Kysely, type RawBuilder, sql } from "kysely";
import { dialectOf, PreparedStatement } from "../prepared-statement.js";
import type { DB } from "../schema.js";

const HOUR = 3_600_000;

/** The start of the hour `at` falls in (the roll-up's `hour`). */
export function hourOf(at: number): number {
  return Math.floor(at / HOUR) * HOUR;
}

/** The judgment's fields that its hourly activity counts. */
type CountedJudgment = {
  projectId: number;
  annotatorId: number;
  activeMs: number;
  goldCorrect: boolean | null;
  createdAt: number;
};

/** Adds one judgment to its annotator's hourly roll-up (what stats read instead of raw judgments). */
export async function addJudgmentActivity(trx: Kysely<DB>, judgment: CountedJudgment): Promise<void> {
  await addJudgmentStatement.run(trx, dialectOf(trx), judgmentActivityParameters(judgment));
}

export type JudgmentActivitySlot = "projectId" | "hour" | "annotatorId" | "activeMs" | "gold" | "correct";

/** The values of `judgmentActivityUpsert`'s slots for a judgment. */
export function judgmentActivityParameters(judgment: CountedJudgment): Record<JudgmentActivitySlot, unknown> {
  return {
    projectId: judgment.projectId,
    hour: hourOf(judgment.createdAt),
    annotatorId: judgment.annotatorId,
    activeMs: judgment.activeMs,
    gold: judgment.goldCorrect === null ? 0 : 1,
    correct: judgment.goldCorrect ? 1 : 0,
  };
}

/** The upsert adding one judgment to its hour's row (also a step of PostgreSQL's one-statement judgment). */
export function judgmentActivityUpsert(slot: (name: JudgmentActivitySlot) => never): RawBuilder<never> {
  return sql<never>`insert into activity_hourly (project_id, hour, annotator_id, judgments, active_ms, gold_answered, gold_correct)
    values (${slot("projectId")}, ${slot("hour")}, ${slot("annotatorId")}, 1, ${slot("activeMs")}, ${slot("gold")}, ${slot("correct")})
    on conflict (project_id, hour, annotator_id) do update set judgments = activity_hourly.judgments + 1,
      active_ms = activity_hourly.active_ms + excluded.active_ms,
      gold_answered = activity_hourly.gold_answered + excluded.gold_answered,
      gold_correct = activity_hourly.gold_correct + excluded.gold_correct`;
}

const addJudgmentStatement = new PreparedStatement<never, JudgmentActivitySlot>((_db, slot) =>
  judgmentActivityUpsert(slot),
);

/**
 * Counts leases that ended without an answer (skipped, or run out) in their annotators' hourly
 * roll-up, so skip and expiry rates are read from it. `ended` lists one entry per lease.
 */
export async function addLeaseEnds(
  trx: Kysely<DB>,
  projectId: number,
  outcome: "skipped" | "expired",
  ended: readonly { annotatorId: number }[],
  at: number,
): Promise<void> {
  if (ended.length === 0) return;
  const hour = hourOf(at);
  const counts = new Map<number, number>();
  for (const { annotatorId } of ended) counts.set(annotatorId, (counts.get(annotatorId) ?? 0) + 1);
  // Ascending annotator order, so two transactions touching the same rows lock them alike.
  for (const [annotatorId, count] of [...counts].sort(([a], [b]) => a - b))
    await trx
      .insertInto("activity_hourly")
      .values({
        project_id: projectId,
        hour,
        annotator_id: annotatorId,
        judgments: 0,
        active_ms: 0,
        gold_answered: 0,
        gold_correct: 0,
        [outcome]: count,
      })
      .onConflict((oc) =>
        oc
          .columns(["project_id", "hour", "annotator_id"])
          .doUpdateSet({ [outcome]: sql`activity_hourly.${sql.ref(outcome)} + ${count}` }),
      )
      .execute();
}

/** One person's hourly rows across projects from `from` (the `activity_hourly_annotator` index). */
export async function personHours(db: Kysely<DB>, annotatorId: number, from: number) {
  const rows = await db
    .selectFrom("activity_hourly")
    .select(["project_id", "hour", "judgments", "active_ms", "gold_answered", "gold_correct", "skipped", "expired"])
    .where("annotator_id", "=", annotatorId)
    .where("hour", ">=", from)
    .execute();
  return rows.map((r) => ({
    projectId: Number(r.project_id),
    hour: Number(r.hour),
    judgments: Number(r.judgments),
    activeMs: Number(r.active_ms),
    goldAnswered: Number(r.gold_answered),
    goldCorrect: Number(r.gold_correct),
    skipped: Number(r.skipped),
    expired: Number(r.expired),
  }));
}
