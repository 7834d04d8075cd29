import { findGuidelineSection, invalidInput, type Project } from "@quorum/core";
import type { Kysely } from "kysely";
import { listGuidelineVersions } from "../repositories/projects.js";
import { insertTrainingModule } from "../repositories/training-modules.js";
import type { DB } from "../schema.js";
import { writeAudit } from "../transaction.js";

/**
 * Creates a training module from a section of the guidelines in force (found by its heading) and
 * a few of the project's gold tasks as practice, each with the hint shown after answering. The
 * practice tasks leave the project's exams from then on (training shows their answers).
 */
export async function createTrainingModule(
  db: Kysely<DB>,
  options: {
    project: Project;
    title: string;
    section: string;
    items: { taskId: number; hint: string }[];
    actorId: number;
    now: number;
  },
): Promise<number> {
  const { project, actorId, now } = options;
  const guideline = (await listGuidelineVersions(db, project.id)).find((v) => v.version === project.guidelineVersion);
  if (!guideline) {
    const message = "the project has no guidelines yet; publish them first";
    throw invalidInput(message, [{ path: "section", message }]);
  }
  const section = findGuidelineSection(guideline.body, options.section);
  const ids = options.items.map((i) => i.taskId);
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    if (seen.has(id))
      throw invalidInput(`task ${id} is listed twice`, [{ path: `items[${i}].taskId`, message: "listed twice" }]);
    seen.add(id);
  });
  const tasks = await db
    .selectFrom("tasks")
    .select(["id", "gold"])
    .where("project_id", "=", project.id)
    .where("id", "in", ids)
    .execute();
  const gold = new Map(tasks.map((t) => [t.id, t.gold]));
  ids.forEach((id, i) => {
    const path = `items[${i}].taskId`;
    if (!gold.has(id))
      throw invalidInput(`task ${id} is not in this project`, [{ path, message: "not in this project" }]);
    if (gold.get(id) === null)
      throw invalidInput(`task ${id} has no gold answer to practise against`, [{ path, message: "not a gold task" }]);
  });
  return db.transaction().execute(async (trx) => {
    const id = await insertTrainingModule(trx, {
      projectId: project.id,
      title: options.title,
      guidelineVersion: guideline.version,
      section: section.heading,
      body: section.body,
      createdBy: actorId,
      createdAt: now,
      items: options.items,
    });
    await writeAudit(trx, {
      projectId: project.id,
      actorId,
      action: "training.create",
      details: { moduleId: id },
      now,
    });
    return id;
  });
}
