import { answerExamItem, nextExamItem } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";
import { visibleAttempt } from "./exam-access.js";
import { attemptView } from "./exam-views.js";

export const ExamAnswerBody = z.object({
  itemId: z.number().int().positive(),
  value: z.unknown().refine((v) => v !== undefined, "value is required"),
  activeMs: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("active time on the item as the client measured it; capped at the time since it was shown"),
});

export const examAttemptDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/exam-attempts/{id}",
    tag: "Certification",
    summary: "One attempt: status, answers, right answers, its length and its paid active time.",
    access: "the annotator who made it, or stats.read (a vendor lead: their own people's)",
    responses: { 200: "{attempt}", 404: "not found" },
  },
  {
    method: "post",
    path: "/exam-attempts/{id}/next",
    tag: "Certification",
    summary:
      "The attempt's current item (the same one until it is answered), without its gold answer; 204 once the exam is decided.",
    access: "labels.work (the attempt's annotator; anyone else gets 404)",
    responses: { 200: "{item: {id, data}}", 204: "decided" },
  },
  {
    method: "post",
    path: "/exam-attempts/{id}/answers",
    tag: "Certification",
    summary:
      "Answers the current item (checked against the project's label schema). Idempotent on (attempt, item). A pass grants the skill at the exam's level with its expiry and ends retraining on the project; feedback only when the exam gives it.",
    access: "labels.work (the attempt's annotator; anyone else gets 404)",
    body: ExamAnswerBody,
    responses: {
      200: '{status: "in_progress"|"passed"|"failed", feedback?: {correct, answer, explanation}}',
      400: "value does not fit the schema, or itemId was not shown in this attempt",
      409: "already_submitted with another value, or the attempt is decided",
    },
  },
];

export function examAttemptRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/exam-attempts/:id", async (c) => {
    const attempt = await visibleAttempt(c, idParam(c, "id"));
    return c.json({ attempt: attemptView(attempt) });
  });

  app.post("/exam-attempts/:id/next", async (c) => {
    const user = requirePermission(c, "labels.work");
    const { database, now } = c.get("deps");
    const item = await nextExamItem(database, { attemptId: idParam(c, "id"), annotatorId: user.id, now: now() });
    if (!item) return c.body(null, 204);
    return c.json({ item: { id: item.id, data: item.data } });
  });

  app.post("/exam-attempts/:id/answers", async (c) => {
    const user = requirePermission(c, "labels.work");
    const attemptId = idParam(c, "id");
    const body = await readJson(c, ExamAnswerBody);
    const { database, now } = c.get("deps");
    const result = await answerExamItem(database, {
      attemptId,
      annotatorId: user.id,
      itemId: body.itemId,
      value: body.value,
      ...(body.activeMs === undefined ? {} : { activeMs: body.activeMs }),
      now: now(),
    });
    return c.json(result);
  });

  return app;
}
