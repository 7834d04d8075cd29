import type { Kysely } from "kysely";
import type { DB } from "../schema.js";

export interface TrainingModule {
  id: number;
  projectId: number;
  title: string;
  guidelineVersion: number;
  section: string;
  /** The guideline section's Markdown. */
  body: string;
  createdBy: number | null;
  createdAt: number;
  /** Practice tasks in order, each with the hint shown after answering. */
  items: { taskId: number; hint: string }[];
}

export async function insertTrainingModule(db: Kysely<DB>, module: Omit<TrainingModule, "id">): Promise<number> {
  const row = await db
    .insertInto("training_modules")
    .values({
      project_id: module.projectId,
      title: module.title,
      guideline_version: module.guidelineVersion,
      section: module.section,
      body: module.body,
      created_by: module.createdBy,
      created_at: module.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("training_items")
    .values(
      module.items.map((item, position) => ({
        project_id: module.projectId,
        module_id: row.id,
        task_id: item.taskId,
        position,
        hint: item.hint,
      })),
    )
    .execute();
  return row.id;
}

async function itemsOf(db: Kysely<DB>, projectId: number, moduleIds: number[]) {
  if (moduleIds.length === 0) return [];
  return db
    .selectFrom("training_items")
    .select(["module_id", "task_id", "hint"])
    .where("project_id", "=", projectId)
    .where("module_id", "in", moduleIds)
    .orderBy("module_id")
    .orderBy("position")
    .execute();
}

export async function getTrainingModule(db: Kysely<DB>, id: number): Promise<TrainingModule | undefined> {
  const row = await db.selectFrom("training_modules").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const items = await itemsOf(db, row.project_id, [row.id]);
  return {
    id: row.id,
    projectId: row.project_id,
    title: row.title,
    guidelineVersion: row.guideline_version,
    section: row.section,
    body: row.body,
    createdBy: row.created_by,
    createdAt: row.created_at,
    items: items.map((i) => ({ taskId: i.task_id, hint: i.hint })),
  };
}

/** Modules without their section text, oldest first: of one project, or of all. */
export async function listTrainingModules(db: Kysely<DB>, filter: { projectId?: number } = {}) {
  let query = db
    .selectFrom("training_modules")
    .select(["id", "project_id", "title", "guideline_version", "section", "created_at"])
    .orderBy("project_id")
    .orderBy("id");
  if (filter.projectId !== undefined) query = query.where("project_id", "=", filter.projectId);
  const rows = await query.execute();
  const counts = await db
    .selectFrom("training_items")
    .select(["project_id", "module_id", (eb) => eb.fn.countAll<number>().as("n")])
    .$if(filter.projectId !== undefined, (q) => q.where("project_id", "=", filter.projectId!))
    .groupBy(["project_id", "module_id"])
    .execute();
  const countOf = new Map(counts.map((c) => [`${c.project_id}:${c.module_id}`, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    guidelineVersion: r.guideline_version,
    section: r.section,
    createdAt: r.created_at,
    itemCount: countOf.get(`${r.project_id}:${r.id}`) ?? 0,
  }));
}

export interface TrainingAnswer {
  taskId: number;
  value: string;
  correct: boolean;
  at: number;
}

/** Keeps a person's latest practice answer to one item (practice may be repeated). */
export async function saveTrainingAnswer(
  db: Kysely<DB>,
  key: { projectId: number; moduleId: number; annotatorId: number },
  answer: TrainingAnswer,
): Promise<void> {
  const values = { value: answer.value, correct: answer.correct ? 1 : 0, at: answer.at };
  await db
    .insertInto("training_answers")
    .values({
      project_id: key.projectId,
      module_id: key.moduleId,
      annotator_id: key.annotatorId,
      task_id: answer.taskId,
      ...values,
    })
    .onConflict((oc) => oc.columns(["project_id", "module_id", "annotator_id", "task_id"]).doUpdateSet(values))
    .execute();
}

/** A person's practice answers, per module: in one project, or everywhere when `projectId` is left out. */
export async function trainingAnswersOf(
  db: Kysely<DB>,
  annotatorId: number,
  filter: { projectId?: number; moduleId?: number } = {},
): Promise<(TrainingAnswer & { moduleId: number })[]> {
  let query = db
    .selectFrom("training_answers")
    .select(["module_id", "task_id", "value", "correct", "at"])
    .where("annotator_id", "=", annotatorId);
  if (filter.projectId !== undefined) query = query.where("project_id", "=", filter.projectId);
  if (filter.moduleId !== undefined) query = query.where("module_id", "=", filter.moduleId);
  const rows = await query.execute();
  return rows.map((r) => ({
    moduleId: r.module_id,
    taskId: r.task_id,
    value: r.value,
    correct: r.correct === 1,
    at: r.at,
  }));
}
