import {
  DomainError,
  deadlineKey,
  goldIsControl,
  initialRequired,
  type LabelValue,
  type Project,
  taskLanguage,
} from "@quorum/core";
import { type Insertable, type Kysely, PostgresAdapter, sql } from "kysely";
import type { DB, TasksTable } from "../schema.js";

/** What the streaming parsers of `@quorum/core` yield: a task, or a problem on a line. */
export type ImportRecord =
  | {
      ok: true;
      task: {
        line: number;
        data: Record<string, unknown>;
        gold?: LabelValue;
        goldExplanation?: string;
        priority?: number;
        externalId?: string;
      };
    }
  | { ok: false; issue: { line: number; path: string; message: string } };

export interface ImportOptions {
  project: Project;
  records: AsyncIterable<ImportRecord>;
  batchName: string;
  batchPriority?: number;
  batchDeadline?: number | null;
  actorId: number;
  now: number;
  /** Called every `PROGRESS_EVERY` tasks with the count so far (for progress bars). */
  onProgress?: (imported: number) => void;
}

export const MAX_LISTED_ERRORS = 100;

export interface ImportProblem {
  line: number;
  path: string;
  message: string;
}

/** An import refused for problems in the file; nothing was written. Keeps the problems by line. */
export class ImportRejected extends DomainError {
  readonly problems: ImportProblem[];

  constructor(problems: ImportProblem[]) {
    const more = problems.length >= MAX_LISTED_ERRORS ? " (only the first 100 are listed)" : "";
    super(
      "invalid_input",
      `The file has problems${more}; nothing was imported`,
      problems.map((p) => ({ path: `line ${p.line}: ${p.path}`, message: p.message })),
    );
    this.problems = problems;
  }
}
const CHUNK = 400;
const PROGRESS_EVERY = 5000;

/**
 * Streams tasks into a new batch inside one transaction: either every task lands or none does.
 * On bad input it keeps reading to list up to 100 problems (line and field), then throws
 * `invalid_input` with them and the database is left as it was.
 */
export async function importTasks(
  db: Kysely<DB>,
  options: ImportOptions,
): Promise<{ imported: number; batchId: number }> {
  const result = await importInTransaction(db, options);
  // PostgreSQL plans the queue from table statistics; after a large import they are stale until
  // autovacuum catches up, and the lease query may pick a scan meanwhile. Refresh them now.
  if (result.imported >= ANALYZE_AFTER && db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`analyze tasks`.execute(db);
  return result;
}

const ANALYZE_AFTER = 10_000;

async function importInTransaction(
  db: Kysely<DB>,
  options: ImportOptions,
): Promise<{ imported: number; batchId: number }> {
  const { project, now } = options;
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .insertInto("batches")
      .values({
        project_id: project.id,
        name: options.batchName,
        priority: options.batchPriority ?? 0,
        deadline: options.batchDeadline ?? null,
        task_count: 0,
        created_by: options.actorId,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const issues: ImportProblem[] = [];
    let issueCount = 0;
    let imported = 0;
    let pending: Insertable<TasksTable>[] = [];
    const languages = project.requirements.languages;
    const goldControl = goldIsControl(project.goldPolicy);
    const required = initialRequired(project);
    const deadline = deadlineKey(options.batchDeadline ?? project.deadline);

    const flush = async () => {
      if (pending.length === 0) return;
      await trx.insertInto("tasks").values(pending).execute();
      pending = [];
    };

    for await (const record of options.records) {
      if (!record.ok) {
        issueCount++;
        issues.push(record.issue);
        if (issues.length >= MAX_LISTED_ERRORS) break;
        continue;
      }
      const { task } = record;
      const language = taskLanguage(task.data);
      if (language && languages.length > 0 && !languages.includes(language)) {
        issueCount++;
        issues.push({
          line: task.line,
          path: "data.language",
          message: `"${language}" is not one of the project's languages (${languages.join(", ")})`,
        });
        if (issues.length >= MAX_LISTED_ERRORS) break;
        continue;
      }
      if (issueCount > 0) continue; // nothing will be written: only keep looking for problems
      pending.push({
        project_id: project.id,
        batch_id: batch.id,
        external_id: task.externalId ?? null,
        language,
        data: JSON.stringify(task.data),
        gold: task.gold === undefined ? null : JSON.stringify(task.gold),
        gold_explanation: task.goldExplanation ?? null,
        priority: task.priority ?? options.batchPriority ?? 0,
        deadline_key: deadline,
        required,
        slots_taken: 0,
        judgment_count: 0,
        status: goldControl && task.gold !== undefined ? "gold" : "open",
        created_at: now,
        updated_at: now,
      });
      imported++;
      if (pending.length >= CHUNK) await flush();
      if (imported % PROGRESS_EVERY === 0) options.onProgress?.(imported);
    }

    if (issueCount > 0) {
      throw new ImportRejected(issues);
    }
    if (imported === 0) throw new DomainError("invalid_input", "The file has no tasks; nothing was imported");
    await flush();
    await trx.updateTable("batches").set({ task_count: imported }).where("id", "=", batch.id).execute();
    await trx
      .insertInto("audit_log")
      .values({
        project_id: project.id,
        actor_id: options.actorId,
        action: "tasks.import",
        details: JSON.stringify({ batchId: batch.id, imported }),
        created_at: now,
      })
      .execute();
    options.onProgress?.(imported);
    return { imported, batchId: batch.id };
  });
}
