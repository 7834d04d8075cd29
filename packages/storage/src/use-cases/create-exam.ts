import { checkExamTest, type ExamTest, type Project } from "@quorum/core";
import type { Kysely } from "kysely";
import { examGoldTasks, insertExam } from "../repositories/exams.js";
import type { DB } from "../schema.js";
import { writeAudit } from "../transaction.js";

export interface ExamInput {
  name: string;
  skill: string;
  level: number;
  test: ExamTest;
  retryDelayMs: number;
  validityMs: number;
  feedback: boolean;
}

/**
 * Creates an exam on the project's gold tasks, once core agrees the test is sound and the project
 * has the gold it needs (`checkExamTest`). Returns its id.
 */
export async function createExam(
  db: Kysely<DB>,
  options: { project: Project; input: ExamInput; actorId: number; now: number },
): Promise<number> {
  const { project, input, actorId, now } = options;
  checkExamTest(input.test, (await examGoldTasks(db, project.id)).length);
  return db.transaction().execute(async (trx) => {
    const id = await insertExam(trx, {
      ...input,
      projectId: project.id,
      guidelineVersion: project.guidelineVersion,
      createdBy: actorId,
      createdAt: now,
    });
    await writeAudit(trx, {
      projectId: project.id,
      actorId,
      action: "exam.create",
      details: { examId: id, skill: input.skill, level: input.level },
      now,
    });
    return id;
  });
}
