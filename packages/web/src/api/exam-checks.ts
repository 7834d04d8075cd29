import type { AttemptStarted, ExamAnswerResponse, ExamItemResponse, PracticeFeedbackResponse } from "@quorum/server";
import * as z from "zod/mini";
import { bodyCheck } from "./body-check.js";

const status = z.enum(["in_progress", "passed", "failed"]);

/** A started (or resumed) attempt. */
export const attemptStartedCheck = bodyCheck<AttemptStarted>()(
  z.object({ attempt: z.object({ id: z.number(), status }) }),
);

/** The exam's current item. */
export const examItemCheck = bodyCheck<ExamItemResponse>()(
  z.object({ item: z.object({ id: z.number(), data: z.record(z.string(), z.unknown()) }) }),
);

/** Where the exam stands after an answer, with feedback when the exam gives it. */
export const examAnswerCheck = bodyCheck<ExamAnswerResponse>()(
  z.object({ status, feedback: z.optional(z.object({ correct: z.boolean() })) }),
);

/** A practice answer's feedback. */
export const practiceFeedbackCheck = bodyCheck<PracticeFeedbackResponse>()(
  z.object({ correct: z.boolean(), hint: z.string() }),
);
