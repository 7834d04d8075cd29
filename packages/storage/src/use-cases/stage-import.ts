import {
  type BatchDefaults,
  type DuplicatePolicy,
  duplicateOutcome,
  type ImportIssue,
  type ImportItem,
  type ImportPlace,
  MAX_LISTED_ERRORS,
  type NewTask,
  newTask,
  placeOf,
  type SkippedList,
} from "@quorum/core";
import type { Insertable, Kysely } from "kysely";
import type { FileIdIndex, IdAtLine } from "../file-id-index.js";
import { tasksWithExternalIds } from "../repositories/task-external-ids.js";
import { newTaskRow } from "../repositories/task-rows.js";
import type { DB, TasksTable } from "../schema.js";
import type { LineCodec } from "../staging-file.js";

/** A checked task waiting on disk for the import's transaction, with its place in the file; its batch is set when written. */
export interface StagedTask extends ImportPlace {
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
  harm?: string | null,
  item?: number | null,
];

/**
 * A staged task as one line: its own fields as a JSON array, a tab, then its data as stored
 * (JSON text holds no raw tab or line break). Writing the data as it is, not as a JSON string
 * inside JSON, keeps the file about the size of the upload and spares escaping it twice; the
 * fields every task of the import shares (project, counters, times) are not written.
 */
export function stagedTaskCodec(projectId: number, now: number): LineCodec<StagedTask> {
  return {
    encode({ line, item, row }) {
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
        row.harm ?? null,
        item ?? null,
      ];
      return `${JSON.stringify(fields)}\t${row.data}`;
    },
    decode(text) {
      const tab = text.indexOf("\t");
      const [line, externalId, language, gold, goldExplanation, priority, deadlineKey, required, status, harm, item] =
        JSON.parse(text.slice(0, tab)) as StagedFields;
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
        harm: harm ?? null,
        created_at: now,
        updated_at: now,
      };
      return { ...placeOf({ line, item: item ?? undefined }), row };
    },
  };
}

export interface StageOptions {
  projectId: number;
  /**
   * Whether the project may already hold some of the file's ids (`projectHasExternalIds`); a
   * project's first import, the usual large one, has nothing to look up.
   */
  lookUpStored: boolean;
  records: AsyncIterable<ImportItem>;
  defaults: BatchDefaults;
  duplicates: DuplicatePolicy;
  now: number;
}

/** Ids are looked up among the project's tasks this many at a time. */
export const STAGE_CHUNK = 400;

/** Where checked tasks go, a chunk at a time, in file order: a staging file, or the database. */
export interface StagedSink {
  write(values: readonly StagedTask[]): Promise<void>;
}

/** A record in reading order: a problem or a task. */
type Pending = { ok: false; issue: ImportIssue } | { ok: true; place: ImportPlace; task: NewTask };

/**
 * Reads and checks an import file into `sink`: a staging file outside any transaction (however
 * slowly the file arrives, no connection is held, only short reads of the project's ids), or the
 * import's own transaction for a file on local disk (then `lookUpStored` is false). Each task is checked by
 * core's `newTask`, and its id recorded in `ids` (on disk, so memory does not grow with the file)
 * with the project's task holding it, if any. Once the file is read, a task whose id repeats an
 * earlier task of the file or one of the project's tasks is a problem under `reject` and is left
 * out (counted in `skipped`; `ids.leftOut()` lists them for the writer) under `skip`. The staged
 * tasks are all the file's tasks, in order, duplicates included. Returns the problems, in file
 * order, at most `MAX_LISTED_ERRORS` (reading stops there); nothing staged counts then.
 */
export async function stageImport(
  db: Kysely<DB> | undefined,
  options: StageOptions,
  sink: StagedSink,
  ids: Pick<FileIdIndex, "add" | "findDuplicates">,
  skipped: SkippedList,
): Promise<ImportIssue[]> {
  const { projectId, defaults, duplicates, now, lookUpStored } = options;
  const issues: ImportIssue[] = [];
  let pending: Pending[] = [];
  let tasks = 0;

  const flush = async () => {
    const withIds: IdAtLine[] = [];
    const staged: StagedTask[] = [];
    for (const item of pending) {
      if (!item.ok) {
        issues.push(item.issue);
        continue;
      }
      const ordinal = tasks++;
      // Places written out, not spread: a spread amid other properties takes V8's slow path, a
      // tenth of a reader thread's time in a large import.
      const { line, item: at } = item.place;
      const id = item.task.externalId;
      if (id !== null) withIds.push(at === undefined ? { ordinal, line, id } : { ordinal, line, item: at, id });
      // Once the file is refused, only its problems matter.
      if (issues.length === 0) {
        const row = newTaskRow(projectId, 0, item.task, now);
        staged.push(at === undefined ? { line, row } : { line, item: at, row });
      }
    }
    pending = [];
    // Tasks another import stores meanwhile are found when writing (see `importTasks`).
    if (lookUpStored) {
      if (!db) throw new Error("looking up stored ids needs the database");
      const stored = await tasksWithExternalIds(
        db,
        projectId,
        withIds.map(({ id }) => id),
      );
      if (stored.size > 0) for (const item of withIds) item.storedTask = stored.get(item.id);
    }
    ids.add(withIds);
    if (issues.length === 0) await sink.write(staged);
  };

  let pendingIssues = 0;
  for await (const record of options.records) {
    if (!record.ok) {
      pending.push(record);
      pendingIssues++;
    } else {
      const checked = newTask(defaults, record.task);
      if (checked.ok) pending.push({ ok: true, place: placeOf(record.task), task: checked.task });
      else {
        pending.push(checked);
        pendingIssues++;
      }
    }
    if (issues.length + pendingIssues >= MAX_LISTED_ERRORS) break;
    if (pending.length >= STAGE_CHUNK) {
      await flush();
      pendingIssues = 0;
      if (issues.length >= MAX_LISTED_ERRORS) break;
    }
  }
  await flush();

  return withDuplicates(issues, ids, duplicates, skipped);
}

/**
 * `issues` (in file order) with the duplicate ids `ids` finds once the file is read: problems
 * under `reject`, merged in file order (by line, then by item), at most `MAX_LISTED_ERRORS` in all; counted in `skipped`
 * under `skip`.
 */
export function withDuplicates(
  issues: ImportIssue[],
  ids: Pick<FileIdIndex, "findDuplicates">,
  duplicates: DuplicatePolicy,
  skipped: SkippedList,
): ImportIssue[] {
  const found: ImportIssue[] = [];
  for (const duplicate of ids.findDuplicates()) {
    const outcome = duplicateOutcome(duplicates, duplicate, duplicate.id, duplicate.earlier);
    if (outcome.kind === "skip") skipped.add(outcome.skipped);
    else if (found.length < MAX_LISTED_ERRORS) found.push(outcome.issue);
  }
  return inFileOrder(issues, found).slice(0, MAX_LISTED_ERRORS);
}

/** Whether `a` comes before `b` in the file, or at the same place: by line, then by item (a Label Studio array on one line). */
function notAfter(a: ImportPlace, b: ImportPlace): boolean {
  return a.line !== b.line ? a.line < b.line : (a.item ?? 0) <= (b.item ?? 0);
}

/** Two lists in file order merged into one (stable: `a` first on a tie). */
function inFileOrder(a: ImportIssue[], b: ImportIssue[]): ImportIssue[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merged: ImportIssue[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && notAfter(a[i]!, b[j]!))) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}
