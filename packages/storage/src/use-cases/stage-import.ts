import {
  type BatchDefaults,
  type DuplicatePolicy,
  duplicateOutcome,
  type EarlierId,
  FileIds,
  type ImportIssue,
  type ImportItem,
  MAX_LISTED_ERRORS,
  type NewTask,
  newTask,
  type SkippedList,
} from "@quorum/core";
import type { Insertable, Kysely } from "kysely";
import { tasksWithExternalIds } from "../repositories/task-external-ids.js";
import { newTaskRow } from "../repositories/task-rows.js";
import type { DB, TasksTable } from "../schema.js";
import type { StagingFile } from "../staging-file.js";

/** A checked task waiting on disk for the import's transaction; its batch is set when written. */
export interface StagedTask {
  line: number;
  row: Insertable<TasksTable>;
}

export interface StageOptions {
  projectId: number;
  records: AsyncIterable<ImportItem>;
  defaults: BatchDefaults;
  duplicates: DuplicatePolicy;
  now: number;
}

/** Ids are looked up among the project's tasks this many at a time. */
export const STAGE_CHUNK = 400;

/** A record in reading order: a problem, or a task with the earlier line of the file holding its id. */
type Pending = { ok: false; issue: ImportIssue } | { ok: true; line: number; task: NewTask; earlierLine?: number };

/**
 * Reads and checks an import file into `file`, outside any transaction: however slowly the file
 * arrives, no connection is held (only short reads of the project's ids). Each task is checked by
 * core's `newTask`; a task whose id repeats an earlier line or one of the project's tasks is a
 * problem under `reject` and is left out (counted in `skipped`) under `skip`. Returns the problems,
 * in line order, at most `MAX_LISTED_ERRORS` (reading stops there); nothing staged counts then.
 */
export async function stageImport(
  db: Kysely<DB>,
  options: StageOptions,
  file: StagingFile<StagedTask>,
  skipped: SkippedList,
): Promise<ImportIssue[]> {
  const { projectId, defaults, duplicates, now } = options;
  const issues: ImportIssue[] = [];
  const fileIds = new FileIds();
  let pending: Pending[] = [];
  let pendingIssues = 0;

  const flush = async () => {
    const ids: string[] = [];
    for (const item of pending)
      if (item.ok && item.task.externalId !== null && item.earlierLine === undefined) ids.push(item.task.externalId);
    const stored = await tasksWithExternalIds(db, projectId, ids);
    const staged: StagedTask[] = [];
    for (const item of pending) {
      if (!item.ok) {
        issues.push(item.issue);
        continue;
      }
      const id = item.task.externalId;
      const earlier = id === null ? undefined : earlierHolder(item.earlierLine, stored.get(id));
      if (id !== null && earlier) {
        const outcome = duplicateOutcome(duplicates, item.line, id, earlier);
        if (outcome.kind === "issue") issues.push(outcome.issue);
        else skipped.add(outcome.skipped);
      } else if (issues.length === 0) {
        staged.push({ line: item.line, row: newTaskRow(projectId, 0, item.task, now) });
      }
    }
    pending = [];
    pendingIssues = 0;
    // Once the file is refused, only its problems matter.
    if (issues.length === 0) await file.write(staged);
  };

  for await (const record of options.records) {
    const checked = record.ok ? newTask(defaults, record.task) : record;
    if (!checked.ok) {
      pending.push({ ok: false, issue: checked.issue });
      pendingIssues++;
    } else {
      const line = record.ok ? record.task.line : 0;
      const id = checked.task.externalId;
      const earlierLine = id === null ? undefined : fileIds.claim(id, line);
      pending.push({ ok: true, line, task: checked.task, ...(earlierLine === undefined ? {} : { earlierLine }) });
    }
    if (issues.length + pendingIssues >= MAX_LISTED_ERRORS) break;
    if (pending.length >= STAGE_CHUNK) {
      await flush();
      if (issues.length >= MAX_LISTED_ERRORS) break;
    }
  }
  await flush();
  return issues.slice(0, MAX_LISTED_ERRORS);
}

function earlierHolder(earlierLine: number | undefined, storedTask: number | undefined): EarlierId | undefined {
  if (earlierLine !== undefined) return { kind: "line", line: earlierLine };
  if (storedTask !== undefined) return { kind: "task", taskId: storedTask };
  return undefined;
}
