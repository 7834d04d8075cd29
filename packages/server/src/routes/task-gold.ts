import { setTaskGold } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, readJson } from "../validate.js";
import { visibleProject } from "./project-access.js";

export const SetTaskGoldBody = z.object({
  value: z
    .unknown()
    .refine((value) => value !== undefined && value !== null, "is required: the answer as the label schema stores it")
    .describe("the gold answer as the label schema stores it: an option's value (\"neg\"), a rating's number, a list"),
  explanation: z.string().trim().max(5000).nullable().optional().describe("shown with the answer after answering"),
});

const EFFECT =
  "Answers already scored keep their grade, verdict and pay (a missed answer that was wrong is regraded by an upheld appeal); answers submitted from now on, leases already out included, are scored against the new answer. An open task becomes a control where the gold policy serves controls. Logged as `task.gold` with the answer before and after.";

export const taskGoldDocs: RouteDoc[] = [
  {
    method: "put",
    path: "/projects/{id}/tasks/{taskId}/gold",
    tag: "Tasks",
    summary: `Writes or corrects a task's gold answer, checked against the project's label schema (a bad one names \`value\`). ${EFFECT}`,
    access: "gold.write (admin, manager, reviewer)",
    body: SetTaskGoldBody,
    example: { value: "neg", explanation: "Sarcastic praise is negative." },
    responses: {
      200: "{taskId, gold, goldExplanation, status}",
      400: "an answer the schema refuses",
      404: "no such task",
    },
  },
  {
    method: "delete",
    path: "/projects/{id}/tasks/{taskId}/gold",
    tag: "Tasks",
    summary:
      "Removes a task's gold answer and explanation (a control returns to the queue). Refused while a training module practises on the task or a running exam attempt asks it.",
    access: "gold.write (admin, manager, reviewer)",
    responses: {
      200: "{taskId, gold: null, goldExplanation: null, status}",
      409: "the task is a practice or exam item in use",
    },
  },
];

export function taskGoldRoutes() {
  const app = new Hono<AppEnv>();
  app.put("/projects/:id/tasks/:taskId/gold", async (c) => {
    const user = requirePermission(c, "gold.write");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const taskId = idParam(c, "taskId");
    const body = await readJson(c, SetTaskGoldBody);
    const { database, now } = c.get("deps");
    const explanation = body.explanation ? body.explanation : null;
    return c.json(
      await setTaskGold(database, { project, taskId, value: body.value, explanation, actorId: user.id, now: now() }),
    );
  });
  app.delete("/projects/:id/tasks/:taskId/gold", async (c) => {
    const user = requirePermission(c, "gold.write");
    const { project } = await visibleProject(c, idParam(c, "id"));
    const taskId = idParam(c, "taskId");
    const { database, now } = c.get("deps");
    return c.json(
      await setTaskGold(database, { project, taskId, value: null, explanation: null, actorId: user.id, now: now() }),
    );
  });
  return app;
}
