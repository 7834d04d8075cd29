import type { AnnotatorStanding, LabelValue, RollupCell, Task, TaskAggregate, TaskStatus } from "@quorum/core";
import { CompiledQuery, type Kysely, sql } from "kysely";
import type { Dialect } from "../database.js";
import { registerHotStatement } from "../named-statements.js";
import type { DB } from "../schema.js";
import { markByAggregateSql, markJudgmentsByAggregate } from "./aggregate-verdicts.js";
import { saveAnnotatorRecord } from "./annotator-quality.js";
import { addQualityRollups, inLockOrder, PREPARED_ROWS, ROLLUP_SHARDS } from "./quality-rollups.js";
import { saveTaskCounters } from "./tasks.js";

/** What a judgment writes once its task's row is locked: the annotator's record, the roll-ups, the task. */
export interface JudgedTaskWrites {
  projectId: number;
  taskId: number;
  annotatorId: number;
  now: number;
  record: AnnotatorStanding;
  cells: readonly RollupCell[];
  /** Spreads concurrent writers over the roll-up shards (the judgment's id). */
  spreadBy: number;
  task: Pick<Task, "status" | "required" | "judgmentCount"> & {
    aggregate: TaskAggregate;
    confidence: number;
    /** JSON text, as the quality records compute it. */
    posterior: string | null;
    /** The status the judgment read (SQLite: the update leaves an unchanged status out, `saveTaskCounters`). */
    statusBefore: TaskStatus;
  };
  /** The task settles with this judgment: its judgments are marked by its aggregate (`markJudgmentsByAggregate`). */
  settledBy?: LabelValue;
}

/**
 * The writes of `JudgedTaskWrites`. On PostgreSQL in one statement (data-modifying CTEs), so the
 * task's row, locked since the judgment read its counters, waits for one round trip rather than
 * three (four when the task settles) before the commit; concurrent judgments of a task wait on that lock. The roll-up rows
 * are written in `inLockOrder` as everywhere else. On SQLite (one writer, no row locks), or with
 * more cells than a judgment usually changes: the three statements apart, in the same order.
 */
export async function saveJudgedTask(trx: Kysely<DB>, dialect: Dialect, writes: JudgedTaskWrites): Promise<void> {
  const { projectId, taskId, annotatorId, now, record, task } = writes;
  if (dialect !== "postgres" || writes.cells.length > PREPARED_ROWS) {
    await saveAnnotatorRecord(trx, { projectId, annotatorId, now }, record);
    await addQualityRollups(trx, projectId, writes.cells, writes.spreadBy);
    await saveTaskCounters(trx, projectId, taskId, task, now, task.statusBefore);
    if (writes.settledBy !== undefined)
      await markJudgmentsByAggregate(trx, { projectId, taskId, aggregate: writes.settledBy, now });
    return;
  }
  const parameters: unknown[] = [
    projectId,
    now,
    annotatorId,
    record.judgments,
    record.goldAnswered,
    record.goldCorrect,
    record.fastAnswers,
    record.confusion === null ? null : JSON.stringify(record.confusion),
    record.status,
    record.statusReason,
    taskId,
    task.judgmentCount,
    task.required,
    task.status,
    JSON.stringify(task.aggregate),
    task.confidence,
    task.posterior,
  ];
  if (writes.settledBy !== undefined) parameters.push(JSON.stringify(writes.settledBy));
  const shard = writes.spreadBy % ROLLUP_SHARDS.postgres;
  for (const cell of inLockOrder(writes.cells)) parameters.push(cell.kind, cell.key, ...cell.values, shard);
  const text = judgedTaskSql(trx, writes.cells.length, writes.settledBy !== undefined);
  await trx.executeQuery(CompiledQuery.raw(text, parameters));
}

const texts = new Map<string, string>();

function judgedTaskSql(trx: Kysely<DB>, cells: number, settles: boolean): string {
  let text = texts.get(`${cells} ${settles}`);
  if (!text) {
    let n = settles ? 18 : 17;
    const values = Array.from({ length: cells }, () => {
      const slots = Array.from({ length: 8 }, () => `$${++n}`);
      return `($1, ${slots.join(", ")})`;
    });
    const sums = ["v1", "v2", "v3", "v4", "v5"].map((v) => `${v} = quality_rollups.${v} + excluded.${v}`);
    const rollups =
      cells === 0
        ? ""
        : `, rollups as (
        insert into quality_rollups (project_id, kind, key, v1, v2, v3, v4, v5, shard) values ${values.join(", ")}
        on conflict (project_id, kind, key, shard) do update set ${sums.join(", ")})`;
    // $18 when the task settles: the aggregate's answer as stored (JSON).
    const verdicts = settles
      ? `, verdicts as (${markByAggregateSql({ answer: sql.raw("$18"), now: sql.raw("$2"), projectId: sql.raw("$1"), taskId: sql.raw("$11") }).compile(trx).sql})`
      : "";
    text = `with annotator as (
        update annotator_quality set judgments = $4, gold_answered = $5, gold_correct = $6, fast_answers = $7,
          confusion = $8, status = $9, status_reason = $10, updated_at = $2
        where project_id = $1 and annotator_id = $3)${rollups}${verdicts}
      update tasks set judgment_count = $12, required = $13, status = $14, aggregate = $15, confidence = $16,
        posterior = $17, updated_at = $2
      where project_id = $1 and id = $11`;
    texts.set(`${cells} ${settles}`, text);
    // Its result is never read: sent with the commit that follows (`preparingPool`).
    registerHotStatement(text, { sendWithNext: true });
  }
  return text;
}
