import {
  type BatchDefaults,
  type DuplicatePolicy,
  duplicateOutcome,
  type EarlierId,
  type ImportIssue,
  type ImportItem,
  MAX_LISTED_ERRORS,
  type NewTask,
  newTask,
  type SkippedList,
} from "@quorum/core";
import type { Insertable, Kysely } from "kysely";
import { FileIdIndex } from "../file-id-index.js";
import { tasksWithExternalIds } from "../repositories/task-external-ids.js";
import { newTaskRow } from "../repositories/task-rows.js";
import type { DB, TasksTable } from "../schema.js";
import type { LineCodec, StagingFile } from "../staging-file.js";

/** A checked task waiting on disk for the import's transaction; its batch is set when written. */
export interface StagedTask {
  line: number;
  row: Insertable<TasksTable>;
}

type StagedFields = [
  line: number,
  externalId: string | null | undefined,
  language: string,
  gold: string | null | undefined,
  goldExplanation: string | null | undefined,
  priority: number,
  deadlineKey: number,
  required: number,
  status: string,
];

/**
 * A staged task as one line: its own fields as a JSON array, a tab, then its data as stored
 * (JSON text holds no raw tab or line break). Writing the data as it is, not as a JSON string
 * inside JSON, keeps the file about the size of the upload and spares escaping it twice; the
 * fields every task of the import shares (project, counters, times) are not written.
 */
export function stagedTaskCodec(projectId: number, now: number): LineCodec<StagedTask> {
  return {
    encode({ line, row }) {
      const fields: StagedFields = [
        line,
        row.external_id,
        row.language,
        row.gold,
        row.gold_explanation,
        row.priority,
        row.deadline_key,
        row.required,
        row.status,
      ];
      return `${JSON.stringify(fields)}\t${row.data}`;
    },
    decode(text) {
      const tab = text.indexOf("\t");
      const [line, externalId, language, gold, goldExplanation, priority, deadlineKey, required, status] = JSON.parse(
        text.slice(0, tab),
      ) as StagedFields;
      const row: Insertable<TasksTable> = {
        project_id: projectId,
        batch_id: 0,
        external_id: externalId ?? null,
        language,
        data: text.slice(tab + 1),
        gold: gold ?? null,
        gold_explanation: goldExplanation ?? null,
        priority,
        deadline_key: deadlineKey,
        required,
        slots_taken: 0,
        judgment_count: 0,
        status,
        created_at: now,
        updated_at: now,
      };
      return { line, row };
    },
  };
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

/** A record in reading order: a problem or a task. */
type Pending = { ok: false; issue: ImportIssue } | { ok: true; line: number; task: NewTask };

/**
 * Reads and checks an import file into `file`, outside any transaction: however slowly the file
 * arrives, no connection is held (only short reads of the project's ids). Each task is checked by
 * core's `newTask`; a task whose id repeats an earlier line or one of the project's tasks is a
 * problem under `reject` and is left out (counted in `skipped`) under `skip`. The file's ids are
 * remembered on disk beside `file` (`FileIdIndex`), so memory does not grow with the file.
 * Returns the problems, in line order, at most `MAX_LISTED_ERRORS` (reading stops there); nothing
 * staged counts then.
 */
export async function stageImport(
  db: Kysely<DB>,
  options: StageOptions,
  file: StagingFile<StagedTask>,
  skipped: SkippedList,
): Promise<ImportIssue[]> {
  const { projectId, defaults, duplicates, now } = options;
  const issues: ImportIssue[] = [];
  const fileIds = new FileIdIndex(file.directory);
  let pending: Pending[] = [];
  let pendingIssues = 0;

  const flush = async () => {
    const withIds: { id: string; line: number }[] = [];
    for (const item of pending)
      if (item.ok && item.task.externalId !== null) withIds.push({ id: item.task.externalId, line: item.line });
    const earlierLines = fileIds.claim(withIds);
    // Only ids new to the file are looked up among the project's tasks.
    const stored = await tasksWithExternalIds(
      db,
      projectId,
      withIds.filter((_, i) => earlierLines[i] === undefined).map(({ id }) => id),
    );
    const staged: StagedTask[] = [];
    let next = 0;
    for (const item of pending) {
      if (!item.ok) {
        issues.push(item.issue);
        continue;
      }
      const id = item.task.externalId;
      const earlier = id === null ? undefined : earlierHolder(earlierLines[next++], stored.get(id));
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

  try {
    for await (const record of options.records) {
      const checked = record.ok ? newTask(defaults, record.task) : record;
      if (!checked.ok) {
        pending.push({ ok: false, issue: checked.issue });
        pendingIssues++;
      } else {
        pending.push({ ok: true, line: record.ok ? record.task.line : 0, task: checked.task });
      }
      if (issues.length + pendingIssues >= MAX_LISTED_ERRORS) break;
      if (pending.length >= STAGE_CHUNK) {
        await flush();
        if (issues.length >= MAX_LISTED_ERRORS) break;
      }
    }
    await flush();
  } finally {
    fileIds.close();
  }
  return issues.slice(0, MAX_LISTED_ERRORS);
}

function earlierHolder(earlierLine: number | undefined, storedTask: number | undefined): EarlierId | undefined {
  if (earlierLine !== undefined) return { kind: "line", line: earlierLine };
  if (storedTask !== undefined) return { kind: "task", taskId: storedTask };
  return undefined;
}
