import type { TaskStatus } from "@quorum/core";
import { type RawBuilder, sql } from "kysely";

/**
 * core's `taskStatus` rule as one SQL expression, so it is computed on the row the database
 * locked: done when `judgment_count >= required`, full when `slots_taken + slotsDelta >= required`,
 * otherwise open. Control (gold) tasks keep their status unless `releaseGold` is set; cancelled
 * tasks always keep theirs.
 * `required` defaults to the row's column; pass an expression when the same statement changes it.
 */
export function taskStatusSql(
  options: { slotsDelta?: number; required?: RawBuilder<number>; releaseGold?: boolean } = {},
): RawBuilder<TaskStatus> {
  const required = options.required ?? sql<number>`required`;
  const slots = options.slotsDelta ? sql`slots_taken + ${options.slotsDelta}` : sql`slots_taken`;
  const rule = sql`when judgment_count >= ${required} then 'done' when ${slots} >= ${required} then 'full' else 'open'`;
  return options.releaseGold
    ? sql<TaskStatus>`case when status = 'cancelled' then 'cancelled' ${rule} end`
    : sql<TaskStatus>`case when status in ('gold', 'cancelled') then status ${rule} end`;
}
