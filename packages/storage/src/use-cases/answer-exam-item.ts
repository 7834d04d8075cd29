import {
  creditedActiveMs,
  DomainError,
  decideExam,
  EXAM_PASSED_ACTION,
  type ExamStatus,
  invalidInput,
  type LabelValue,
  labelKey,
  notFound,
  renewGrant,
  validateLabelValue,
} from "@quorum/core";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../database.js";
import { getAnnotatorQuality, lockAnnotatorRecord } from "../repositories/annotator-quality.js";
import {
  answersOfAttempt,
  type ExamAttempt,
  insertExamAnswer,
  lockAttempt,
  updateAttempt,
} from "../repositories/exam-attempts.js";
import { type Exam, getExam } from "../repositories/exams.js";
import { parseJson } from "../repositories/json-column.js";
import { getProject } from "../repositories/projects.js";
import { listSkillGrants, saveSkillGrant } from "../repositories/user-skills.js";
import type { DB } from "../schema.js";
import { inTransaction, writeAudit } from "../transaction.js";
import { recordFunnelStage } from "./record-funnel-stage.js";
import { recordTrainingCost } from "./record-training-cost.js";
import { writeAnnotatorStatus } from "./set-annotator-status.js";

/** Told after an answer only when the exam gives feedback. */
export interface ExamFeedback {
  correct: boolean;
  answer: LabelValue;
  explanation: string | null;
}

export interface ExamAnswerResult {
  status: ExamStatus;
  feedback?: ExamFeedback;
}

/**
 * Records the answer to the attempt's current item, all in one transaction with what follows
 * from it: the sequential test's decision, on a pass the skill grant (renewed: level, expiry) and,
 * when the annotator is retraining on the exam's project, their return to ok (logged as a
 * reversible `exam_passed` quality action). Idempotent on (attempt, item): the same answer again
 * gets the same reply; a different one is `already_submitted`. An item not shown to this attempt
 * yet is `invalid_input`; someone else's attempt is not found.
 */
export async function answerExamItem(
  database: Database,
  options: { attemptId: number; annotatorId: number; itemId: number; value: unknown; activeMs?: number; now: number },
): Promise<ExamAnswerResult> {
  const now = Math.round(options.now);
  return inTransaction(database, async (trx) => {
    const attempt = await lockAttempt(trx, database.dialect, options.attemptId);
    if (!attempt || attempt.annotatorId !== options.annotatorId) throw notFound("Exam attempt");
    const exam = (await getExam(trx, attempt.examId))!;
    const position = attempt.items.indexOf(options.itemId);
    if (position < 0 || position >= attempt.served) {
      const message = `item ${options.itemId} was not shown in this attempt; ask for the next item first`;
      throw invalidInput(message, [{ path: "itemId", message }]);
    }
    const task = await trx
      .selectFrom("tasks")
      .select(["data", "gold", "gold_explanation", "language"])
      .where("project_id", "=", attempt.projectId)
      .where("id", "=", options.itemId)
      .executeTakeFirstOrThrow();
    const project = (await getProject(trx, attempt.projectId))!;
    const checked = validateLabelValue(project.schema, options.value, parseJson(task.data));
    if (!checked.ok) throw invalidInput("The answer does not fit the project's label schema", checked.errors);
    const gold = parseJson<LabelValue>(task.gold!);
    const correct = labelKey(gold) === labelKey(checked.value);
    const feedback = (isCorrect: boolean) =>
      exam.feedback ? { feedback: { correct: isCorrect, answer: gold, explanation: task.gold_explanation } } : {};

    const answers = await answersOfAttempt(trx, attempt);
    const earlier = answers.find((a) => a.taskId === options.itemId);
    if (earlier) {
      if (labelKey(parseJson<LabelValue>(earlier.value)) !== labelKey(checked.value))
        throw new DomainError("already_submitted", `Item ${options.itemId} was already answered in this attempt`);
      return { status: attempt.status, ...feedback(earlier.correct) };
    }
    if (attempt.status !== "in_progress")
      throw new DomainError("conflict", `This attempt is already decided (${attempt.status})`);

    const activeMs = creditedActiveMs(options.activeMs, attempt.servedAt, now);
    await insertExamAnswer(trx, attempt, {
      position,
      taskId: options.itemId,
      value: JSON.stringify(checked.value),
      correct,
      activeMs,
      at: now,
    });
    await recordTrainingCost(trx, {
      kind: "exam",
      project,
      annotatorId: options.annotatorId,
      taskId: options.itemId,
      language: task.language,
      activeMs,
      sourceKey: `exam:${attempt.id}:${options.itemId}`,
      now,
    });
    const status = decideExam([...answers.map((a) => a.correct), correct], exam.test, attempt.items.length);
    await updateAttempt(trx, attempt, {
      answered: answers.length + 1,
      correct: answers.filter((a) => a.correct).length + (correct ? 1 : 0),
      active_ms: attempt.activeMs + activeMs,
      ...(status === "in_progress" ? {} : { status, decided_at: now }),
    });
    if (status !== "in_progress") await recordDecision(trx, database, { attempt, exam, status, now });
    return { status, ...feedback(correct) };
  });
}

async function recordDecision(
  trx: Transaction<DB>,
  database: Database,
  options: { attempt: ExamAttempt; exam: Exam; status: "passed" | "failed"; now: number },
) {
  const { attempt, exam, status, now } = options;
  const key = { projectId: attempt.projectId, annotatorId: attempt.annotatorId, now };
  let leftRetraining = false;
  if (status === "passed") {
    await grantSkill(trx, attempt.annotatorId, exam, now);
    await recordFunnelStage(trx, { userId: attempt.annotatorId, stage: "qualified", at: now });
    // Lock the record only when there is one to change: a clean record need not be created.
    if ((await getAnnotatorQuality(trx, attempt.projectId, attempt.annotatorId)).status === "retrain") {
      const standing = await lockAnnotatorRecord(trx, database.dialect, key);
      if (standing.status === "retrain") {
        await writeAnnotatorStatus(trx, {
          ...key,
          status: "ok",
          reason: `passed the exam "${exam.name}"`,
          actorId: null,
          action: EXAM_PASSED_ACTION,
        });
        leftRetraining = true;
      }
    }
  }
  await writeAudit(trx, {
    projectId: attempt.projectId,
    actorId: attempt.annotatorId,
    action: status === "passed" ? "exam.pass" : "exam.fail",
    details: {
      examId: exam.id,
      attemptId: attempt.id,
      skill: exam.skill,
      level: exam.level,
      ...(leftRetraining ? { leftRetraining } : {}),
    },
    now,
  });
}

async function grantSkill(trx: Kysely<DB>, userId: number, exam: Exam, now: number) {
  const existing = (await listSkillGrants(trx, userId)).find((g) => g.skill === exam.skill && g.level === exam.level);
  const renewed = renewGrant(existing && { ...existing, lastUsedAt: existing.grantedAt }, {
    skill: exam.skill,
    level: exam.level,
    validityMs: exam.validityMs,
    now,
  });
  await saveSkillGrant(trx, userId, { ...renewed, source: "exam", examId: exam.id, projectId: exam.projectId });
}
