import {
  batchDefaults,
  type DomainError,
  type DuplicatePolicy,
  duplicateOutcome,
  type HarmMark,
  type ImportIssue,
  type ImportItem,
  ImportRejected,
  invalidInput,
  isHarmCategory,
  MAX_LISTED_ERRORS,
  type Project,
  projectIsHarmful,
  SkippedList,
  type SkippedTask,
} from "@quorum/core";
import { type Insertable, type Kysely, PostgresAdapter, sql } from "kysely";
import { insertRows } from "../bulk-insert.js";
import { pgPoolOf } from "../database.js";
import { FileIdIndex } from "../file-id-index.js";
import { inClientTransaction } from "../pg-copy.js";
import { copyNewTasks } from "../pg-copy-tasks.js";
import { refreshPlannerStatistics } from "../planner-statistics.js";
import { insertBatch, latestBatchId, setBatchTaskCount } from "../repositories/batches.js";
import { insertCountingOnce, type NewTaskTally } from "../repositories/import-task-counters.js";
import { addHarmMarks, forgetProject } from "../repositories/projects.js";
import { tasksWithExternalIds } from "../repositories/task-external-ids.js";
import { NEW_TASK_COLUMNS } from "../repositories/task-rows.js";
import type { DB, TasksTable } from "../schema.js";
import { StagingFile } from "../staging-file.js";
import { writeAudit } from "../transaction.js";
import { STAGE_CHUNK, type StagedTask, stagedTaskCodec, stageImport } from "./stage-import.js";
import { assignQueueArmsToBatch } from "./start-experiment.js";

/** What the streaming parsers of `@quorum/core` (`parseTasks`) yield: a task, or a problem on a line. */
export type ImportRecord = ImportItem;

export interface ImportOptions {
  project: Project;
  records: AsyncIterable<ImportItem>;
  batchName: string;
  batchPriority?: number;
  batchDeadline?: number | null;
  /** Tasks whose id repeats a line of the file or a task of the project: refuse the file (default) or skip them. */
  duplicates?: DuplicatePolicy;
  actorId: number;
  now: number;
}

export interface ImportResult {
  imported: number;
  batchId: number;
  /** Tasks left out as duplicates (policy `skip`): the first `MAX_LISTED_ERRORS`, and how many in all. */
  skipped: SkippedTask[];
  skippedCount: number;
}

/** PostgreSQL plans the queue from table statistics, stale after a large import until autovacuum catches up. */
const ANALYZE_AFTER = 10_000;
/** First key of the advisory lock that lets one import of a project write at a time (PostgreSQL). */
const IMPORT_LOCK = 0x71696d70;

/**
 * Imports tasks into a new batch, all or nothing, in two steps so that a slow upload holds no
 * connection: the file is read and checked into a temporary staging file first (`stageImport`:
 * up to `MAX_LISTED_ERRORS` problems by line and field, then `ImportRejected` and nothing
 * written), then the staged tasks are written in one short transaction. Ids are checked again
 * there against tasks that a concurrent import stored meanwhile.
 */
export async function importTasks(db: Kysely<DB>, options: ImportOptions): Promise<ImportResult> {
  const { project, now } = options;
  const duplicates = options.duplicates ?? "reject";
  const defaults = batchDefaults(project, { priority: options.batchPriority, deadline: options.batchDeadline });
  const skipped = new SkippedList(MAX_LISTED_ERRORS);
  const file = await StagingFile.create("quorum-import-", stagedTaskCodec(project.id, now));
  let ids: FileIdIndex | undefined;
  try {
    ids = new FileIdIndex(file.directory);
    const records = options.records;
    const latestBatch = await latestBatchId(db, project.id);
    const stage = { projectId: project.id, records, defaults, duplicates, now };
    const issues = await stageImport(db, stage, file, ids, skipped);
    if (issues.length > 0) throw new ImportRejected(issues);
    if (file.count === skipped.count) throw nothingToImport(skipped);
    const staged = { file, ids, latestBatch };
    const write = (trx: Kysely<DB>, rows: RowWriter) => writeStaged(trx, rows, options, duplicates, staged, skipped);
    const pool = pgPoolOf(db);
    const result = pool
      ? await inClientTransaction(pool, (trx, client) => write(trx, (rows) => copyNewTasks(client, rows)))
      : await db
          .transaction()
          .execute((trx) =>
            write(trx, (rows) => insertCountingOnce(trx, project.id, (tally) => insertChunks(trx, rows, tally))),
          );
    const { harmMarks, ...imported } = result;
    if (harmMarks.size > 0) forgetProject(db, project.id);
    // Refresh the statistics now, or the lease query may pick a scan meanwhile.
    if (imported.imported >= ANALYZE_AFTER) await refreshPlannerStatistics(db, ["tasks"]);
    return imported;
  } finally {
    ids?.close();
    await file.remove();
  }
}

function nothingToImport(skipped: SkippedList): DomainError {
  if (skipped.count === 0) return invalidInput("The file has no tasks; nothing was imported");
  return new ImportRejected(
    skipped.listed.map((s) => ({ line: s.line, path: "id", message: s.reason })),
    `All ${skipped.count} tasks were skipped as duplicates; nothing was imported`,
  );
}

/** Writes rows given a chunk at a time; returns how many. */
type RowWriter = (rows: AsyncIterable<Insertable<TasksTable>[]>) => Promise<number>;

async function insertChunks(
  trx: Kysely<DB>,
  rows: AsyncIterable<Insertable<TasksTable>[]>,
  tally: NewTaskTally,
): Promise<number> {
  let count = 0;
  for await (const chunk of rows) {
    await insertRows(trx, "tasks", NEW_TASK_COLUMNS, chunk);
    for (const row of chunk) tally.add(row);
    count += chunk.length;
  }
  return count;
}

async function writeStaged(
  trx: Kysely<DB>,
  writeRows: RowWriter,
  options: ImportOptions,
  duplicates: DuplicatePolicy,
  staged: { file: StagingFile<StagedTask>; ids: FileIdIndex; latestBatch: number },
  skipped: SkippedList,
): Promise<ImportResult & { harmMarks: ReadonlySet<HarmMark> }> {
  const { file, ids } = staged;
  const { project, now } = options;
  if (trx.getExecutor().adapter instanceof PostgresAdapter)
    await sql`select pg_advisory_xact_lock(${IMPORT_LOCK}, ${project.id}::int)`.execute(trx);
  // Only imports make batches: without a new one, no task was stored since the file was checked.
  if ((await latestBatchId(trx, project.id)) !== staged.latestBatch) {
    const issues: ImportIssue[] = [];
    for await (const late of storedSinceStaging(trx, project.id, file)) {
      if (!ids.leaveOut(late.ordinal, late.line, late.id)) continue;
      const outcome = duplicateOutcome(duplicates, late.line, late.id, { kind: "task", taskId: late.taskId });
      if (outcome.kind === "skip") skipped.add(outcome.skipped);
      else if (issues.length < MAX_LISTED_ERRORS) issues.push(outcome.issue);
    }
    if (issues.length > 0) throw new ImportRejected(issues);
  }

  const batchId = await insertBatch(trx, {
    projectId: project.id,
    name: options.batchName,
    priority: options.batchPriority ?? 0,
    deadline: options.batchDeadline ?? null,
    createdBy: options.actorId,
    createdAt: now,
  });
  // The marks the project's tasks carry: a lease in a project with none reads no exposure.
  const harmMarks = new Set<HarmMark>();
  async function* rows() {
    const leftOut = ids.leftOut();
    let nextLeftOut = leftOut.next();
    let ordinal = 0;
    for await (const chunk of file.read(STAGE_CHUNK)) {
      const kept: Insertable<TasksTable>[] = [];
      for (const { row } of chunk) {
        if (!nextLeftOut.done && nextLeftOut.value === ordinal++) {
          nextLeftOut = leftOut.next();
          continue;
        }
        row.batch_id = batchId;
        harmMarks.add(isHarmCategory(row.harm) ? row.harm : "none");
        kept.push(row);
      }
      yield kept;
    }
  }
  const imported = await writeRows(rows());
  if (imported === 0) throw nothingToImport(skipped);
  await setBatchTaskCount(trx, batchId, imported);
  if (projectIsHarmful(project.harm) || [...harmMarks].some((mark) => mark !== "none"))
    await addHarmMarks(trx, project.id, harmMarks);
  await assignQueueArmsToBatch(trx, project.id, batchId, now);
  await writeAudit(trx, {
    projectId: project.id,
    actorId: options.actorId,
    action: "tasks.import",
    details: { batchId, imported, skipped: skipped.count },
    now,
  });
  return { imported, batchId, skipped: skipped.listed, skippedCount: skipped.count, harmMarks };
}

/**
 * The staged tasks whose id another import stored after this file was checked, in file order.
 * Read before this import inserts anything: a query on a table growing inside the transaction
 * may be planned from statistics that say it is empty, and scan it whole each time.
 */
async function* storedSinceStaging(
  trx: Kysely<DB>,
  projectId: number,
  file: StagingFile<StagedTask>,
): AsyncGenerator<{ ordinal: number; line: number; id: string; taskId: number }> {
  let ordinal = 0;
  for await (const chunk of file.read(STAGE_CHUNK)) {
    const first = ordinal;
    ordinal += chunk.length;
    const ids: string[] = [];
    for (const { row } of chunk) if (row.external_id != null) ids.push(row.external_id);
    const stored = await tasksWithExternalIds(trx, projectId, ids);
    if (stored.size === 0) continue;
    for (const [i, { line, row }] of chunk.entries()) {
      const taskId = row.external_id == null ? undefined : stored.get(row.external_id);
      if (taskId !== undefined) yield { ordinal: first + i, line, id: row.external_id!, taskId };
    }
  }
}
