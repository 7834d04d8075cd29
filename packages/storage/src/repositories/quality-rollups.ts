import type { LabelValue, RollupCell, RollupJudgment, TaskQualityFacts } from "@quorum/core";
import { type Kysely, PostgresAdapter } from "kysely";
import type { Dialect } from "../database.js";
import { registerHotStatement } from "../named-statements.js";
import { executeSql } from "../prepared-statement.js";
import type { DB } from "../schema.js";
import { parseJson, parseJsonOrNull } from "./json-column.js";
import { parseAggregate } from "./task-labels.js";

/**
 * How many rows each cell is spread over on PostgreSQL. Project-wide cells (a label's count, a
 * language's agreement) are touched by every judgment: as one row, each judgment's transaction
 * would hold its lock until commit and all judgments of a project would run one at a time. A
 * judgment adds to the shard of its id, so two concurrent ones meet on a row 1 time in 16; reads
 * sum the shards. SQLite has one writer at a time anyway: one shard.
 */
export const ROLLUP_SHARDS = { postgres: 16, sqlite: 1 } as const;

/** Every roll-up cell of a project (O(annotators × languages + annotator pairs × classes²) × shards). */
export async function readQualityRollups(db: Kysely<DB>, projectId: number): Promise<RollupCell[]> {
  const rows = await db
    .selectFrom("quality_rollups")
    .select((eb) => [
      "kind",
      "key",
      eb.fn.sum<number>("v1").as("v1"),
      eb.fn.sum<number>("v2").as("v2"),
      eb.fn.sum<number>("v3").as("v3"),
      eb.fn.sum<number>("v4").as("v4"),
      eb.fn.sum<number>("v5").as("v5"),
    ])
    .where("project_id", "=", projectId)
    .groupBy(["kind", "key"])
    .execute();
  return rows.map((row) => ({
    kind: row.kind as RollupCell["kind"],
    key: row.key,
    values: [Number(row.v1), Number(row.v2), Number(row.v3), Number(row.v4), Number(row.v5)],
  }));
}

const CHUNK = 500;
/** Up to how many cells an upsert runs as a prepared statement on PostgreSQL (a judgment changes a few). */
export const PREPARED_ROWS = 32;

/**
 * The UPSERT of `rows` cells, written once per row count and dialect: on the judgment's hot path
 * building it with the query builder cost more than running it.
 */
const upserts = new Map<string, string>();
function upsertSql(dialect: Dialect, rows: number): string {
  const id = `${dialect}:${rows}`;
  let text = upserts.get(id);
  if (!text) {
    let n = 0;
    const slot = () => (dialect === "postgres" ? `$${++n}` : "?");
    const values = Array.from({ length: rows }, () => `(${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(slot).join(", ")})`);
    const sums = ["v1", "v2", "v3", "v4", "v5"].map((v) => `${v} = quality_rollups.${v} + excluded.${v}`);
    text =
      `insert into quality_rollups (project_id, kind, key, v1, v2, v3, v4, v5, shard) values ${values.join(", ")} ` +
      `on conflict (project_id, kind, key, shard) do update set ${sums.join(", ")}`;
    upserts.set(id, text);
    // A judgment's few cells: a prepared statement per count (a bounded number of texts).
    if (dialect === "postgres" && rows <= PREPARED_ROWS) registerHotStatement(text);
  }
  return text;
}

/**
 * Adds `cells` to the project's roll-ups (one UPSERT per 500 cells; keys must be distinct). The
 * rows are written in one order (kind, then key) by every transaction: concurrent judgments share
 * rows (a language's agreement, a label's count), and on PostgreSQL two transactions locking
 * shared rows in different orders could deadlock.
 */
export async function addQualityRollups(
  db: Kysely<DB>,
  projectId: number,
  unsorted: readonly RollupCell[],
  /** Spreads concurrent writers over the shards (a judgment's id); the cells all go to its shard. */
  spreadBy = 0,
): Promise<void> {
  const dialect: Dialect = db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
  const shard = spreadBy % ROLLUP_SHARDS[dialect];
  const cells = inLockOrder(unsorted);
  for (let start = 0; start < cells.length; start += CHUNK) {
    const chunk = cells.slice(start, start + CHUNK);
    const parameters: unknown[] = [];
    for (const cell of chunk) parameters.push(projectId, cell.kind, cell.key, ...cell.values, shard);
    await executeSql(db, upsertSql(dialect, chunk.length), parameters);
  }
}

/** Cells in the one order every transaction writes them (kind, then key), so that none deadlock. */
export function inLockOrder(cells: readonly RollupCell[]): RollupCell[] {
  return [...cells].sort((a, b) =>
    a.kind === b.kind ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.kind < b.kind ? -1 : 1,
  );
}

export async function deleteQualityRollups(db: Kysely<DB>, projectId: number): Promise<void> {
  await db.deleteFrom("quality_rollups").where("project_id", "=", projectId).execute();
}

interface FactsRow {
  task_id: number;
  language: string;
  gold: string | null;
  aggregate: string | null;
  confidence: number | null;
  judgment_id: number | null;
  annotator_id: number | null;
  value: string | null;
  guideline_version: number | null;
  gold_correct: number | boolean | null;
}

function factsQuery(db: Kysely<DB>, projectId: number) {
  return db
    .selectFrom("tasks")
    .leftJoin("judgments", (join) =>
      join.onRef("judgments.project_id", "=", "tasks.project_id").onRef("judgments.task_id", "=", "tasks.id"),
    )
    .select([
      "tasks.id as task_id",
      "tasks.language",
      "tasks.gold",
      "tasks.aggregate",
      "tasks.confidence",
      "judgments.id as judgment_id",
      "judgments.annotator_id",
      "judgments.value",
      "judgments.guideline_version",
      "judgments.gold_correct",
    ])
    .where("tasks.project_id", "=", projectId);
}

/** Groups rows (ordered by task) into each task's facts, with the ids of its judgments. */
function toFacts(rows: readonly FactsRow[]): { taskId: number; facts: TaskQualityFacts; judgmentIds: number[] }[] {
  const tasks: { taskId: number; facts: TaskQualityFacts; judgmentIds: number[] }[] = [];
  for (const row of rows) {
    let last = tasks[tasks.length - 1];
    if (!last || last.taskId !== row.task_id) {
      const aggregate = parseAggregate(row.aggregate);
      last = {
        taskId: row.task_id,
        judgmentIds: [],
        facts: {
          language: row.language,
          gold: parseJsonOrNull<LabelValue>(row.gold),
          aggregate: aggregate?.value ?? null,
          method: aggregate?.method ?? null,
          confidence: row.confidence === null ? null : Number(row.confidence),
          judgments: [],
        },
      };
      tasks.push(last);
    }
    if (row.judgment_id === null) continue;
    last.judgmentIds.push(row.judgment_id);
    (last.facts.judgments as RollupJudgment[]).push({
      annotatorId: row.annotator_id!,
      value: parseJson<LabelValue>(row.value!),
      guidelineVersion: row.guideline_version!,
      goldCorrect: row.gold_correct === null ? null : Boolean(row.gold_correct),
    });
  }
  return tasks;
}

/** One task as the roll-ups know it, with the ids of its judgments (in id order). */
export async function readTaskQualityFacts(db: Kysely<DB>, projectId: number, taskId: number) {
  const rows = await factsQuery(db, projectId).where("tasks.id", "=", taskId).orderBy("judgments.id").execute();
  const [task] = toFacts(rows as FactsRow[]);
  if (!task) throw new Error(`task ${taskId} of project ${projectId} not found`);
  return task;
}

/** A page of the project's tasks after `after` (by id), `limit` tasks, each with its judgments. */
export async function taskQualityFactsAfter(db: Kysely<DB>, projectId: number, after: number, limit: number) {
  const ids = await db
    .selectFrom("tasks")
    .select("id")
    .where("project_id", "=", projectId)
    .where("id", ">", after)
    .orderBy("id")
    .limit(limit)
    .execute();
  if (ids.length === 0) return [];
  const rows = await factsQuery(db, projectId)
    .where("tasks.id", ">=", ids[0]!.id)
    .where("tasks.id", "<=", ids[ids.length - 1]!.id)
    .orderBy("tasks.id")
    .orderBy("judgments.id")
    .execute();
  return toFacts(rows as FactsRow[]);
}
