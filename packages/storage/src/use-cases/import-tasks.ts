import {
  batchDefaults,
  DomainError,
  type ImportIssue,
  type ImportItem,
  ImportRejected,
  MAX_LISTED_ERRORS,
  newTask,
  type Project,
} from "@quorum/core";
import type { Insertable, Kysely } from "kysely";
import { refreshPlannerStatistics } from "../planner-statistics.js";
import { insertBatch, setBatchTaskCount } from "../repositories/batches.js";
import { newTaskRow } from "../repositories/task-rows.js";
import { insertTasks } from "../repositories/tasks.js";
import type { DB, TasksTable } from "../schema.js";
import { writeAudit } from "../transaction.js";

/** What the streaming parsers of `@quorum/core` (`parseTasks`) yield: a task, or a problem on a line. */
export type ImportRecord = ImportItem;

export interface ImportOptions {
  project: Project;
  records: AsyncIterable<ImportItem>;
  batchName: string;
  batchPriority?: number;
  batchDeadline?: number | null;
  actorId: number;
  now: number;
  /** Called every `PROGRESS_EVERY` tasks with the count so far (for progress bars). */
  onProgress?: (imported: number) => void;
}

const CHUNK = 400;
const PROGRESS_EVERY = 5000;
/** PostgreSQL plans the queue from table statistics, stale after a large import until autovacuum catches up. */
const ANALYZE_AFTER = 10_000;

/**
 * Streams tasks into a new batch inside one transaction: either every task lands or none does.
 * Each task is checked by core's `newTask` (the language rule) on top of the parser's checks. On
 * bad input it keeps reading to list up to `MAX_LISTED_ERRORS` problems (line and field), then
 * throws `ImportRejected` with them and the database is left as it was.
 */
export async function importTasks(
  db: Kysely<DB>,
  options: ImportOptions,
): Promise<{ imported: number; batchId: number }> {
  const result = await db.transaction().execute((trx) => importInTransaction(trx, options));
  // Refresh the statistics now, or the lease query may pick a scan meanwhile.
  if (result.imported >= ANALYZE_AFTER) await refreshPlannerStatistics(db, ["tasks"]);
  return result;
}

async function importInTransaction(
  trx: Kysely<DB>,
  options: ImportOptions,
): Promise<{ imported: number; batchId: number }> {
  const { project, now } = options;
  const batchId = await insertBatch(trx, {
    projectId: project.id,
    name: options.batchName,
    priority: options.batchPriority ?? 0,
    deadline: options.batchDeadline ?? null,
    createdBy: options.actorId,
    createdAt: now,
  });
  const defaults = batchDefaults(project, { priority: options.batchPriority, deadline: options.batchDeadline });

  const issues: ImportIssue[] = [];
  let imported = 0;
  let pending: Insertable<TasksTable>[] = [];
  for await (const record of options.records) {
    const checked = record.ok ? newTask(defaults, record.task) : record;
    if (!checked.ok) {
      issues.push(checked.issue);
      if (issues.length >= MAX_LISTED_ERRORS) break;
      continue;
    }
    if (issues.length > 0) continue; // nothing will be written: only keep looking for problems
    pending.push(newTaskRow(project.id, batchId, checked.task, now));
    imported++;
    if (pending.length >= CHUNK) {
      await insertTasks(trx, pending);
      pending = [];
    }
    if (imported % PROGRESS_EVERY === 0) options.onProgress?.(imported);
  }

  if (issues.length > 0) throw new ImportRejected(issues);
  if (imported === 0) throw new DomainError("invalid_input", "The file has no tasks; nothing was imported");
  await insertTasks(trx, pending);
  await setBatchTaskCount(trx, batchId, imported);
  await writeAudit(trx, {
    projectId: project.id,
    actorId: options.actorId,
    action: "tasks.import",
    details: { batchId, imported },
    now,
  });
  options.onProgress?.(imported);
  return { imported, batchId };
}
