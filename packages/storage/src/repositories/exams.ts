import type { ExamTest } from "@quorum/core";
import type { Kysely, Selectable } from "kysely";
import type { DB } from "../schema.js";
import type { ExamsTable } from "../schema-certification.js";

/** An exam as the use cases see it. Times and durations in ms. */
export interface Exam {
  id: number;
  projectId: number;
  name: string;
  skill: string;
  level: number;
  test: ExamTest;
  retryDelayMs: number;
  validityMs: number;
  /** Each answer is told right or wrong, with the answer and explanation. */
  feedback: boolean;
  guidelineVersion: number;
  createdBy: number | null;
  createdAt: number;
}

export type NewExam = Omit<Exam, "id">;

function toExam(row: Selectable<ExamsTable>): Exam {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    skill: row.skill,
    level: row.level,
    test: { p0: row.p0, p1: row.p1, alpha: row.alpha, beta: row.beta, maxItems: row.max_items },
    retryDelayMs: row.retry_delay_ms,
    validityMs: row.validity_ms,
    feedback: row.feedback === 1,
    guidelineVersion: row.guideline_version,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function insertExam(db: Kysely<DB>, exam: NewExam): Promise<number> {
  const row = await db
    .insertInto("exams")
    .values({
      project_id: exam.projectId,
      name: exam.name,
      skill: exam.skill,
      level: exam.level,
      p0: exam.test.p0,
      p1: exam.test.p1,
      alpha: exam.test.alpha,
      beta: exam.test.beta,
      max_items: exam.test.maxItems,
      retry_delay_ms: exam.retryDelayMs,
      validity_ms: exam.validityMs,
      feedback: exam.feedback ? 1 : 0,
      guideline_version: exam.guidelineVersion,
      created_by: exam.createdBy,
      created_at: exam.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function getExam(db: Kysely<DB>, id: number): Promise<Exam | undefined> {
  const row = await db.selectFrom("exams").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toExam(row);
}

/** Exams, oldest first: of one project, or of all. */
export async function listExams(db: Kysely<DB>, filter: { projectId?: number } = {}): Promise<Exam[]> {
  let query = db.selectFrom("exams").selectAll().orderBy("project_id").orderBy("id");
  if (filter.projectId !== undefined) query = query.where("project_id", "=", filter.projectId);
  return (await query.execute()).map(toExam);
}

/**
 * The project's gold tasks that exams may ask, with their language: every task with a gold
 * answer except those used as practice in the project's training modules (whose answers
 * training shows).
 */
export async function examGoldTasks(db: Kysely<DB>, projectId: number): Promise<{ id: number; language: string }[]> {
  return db
    .selectFrom("tasks")
    .select(["tasks.id", "tasks.language"])
    .where("tasks.project_id", "=", projectId)
    .where("tasks.gold", "is not", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("training_items")
            .select("training_items.task_id")
            .whereRef("training_items.project_id", "=", "tasks.project_id")
            .whereRef("training_items.task_id", "=", "tasks.id"),
        ),
      ),
    )
    .orderBy("tasks.id")
    .execute();
}
