import { forbidden } from "@quorum/core";
import { eraseUser } from "@quorum/storage";
import { Hono } from "hono";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam } from "../validate.js";
import { userView } from "./views.js";

export const userErasureDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/users/{id}/erase",
    tag: "People",
    summary:
      "Erases a person's personal data on request: name, email, password, sessions, API tokens and single sign-on links, languages and skills, the text of questions they wrote, and their email or name in answers, review notes, quality reasons and the audit log. Their judgments stay, anonymised, under a tombstone user (`erased-<id>@invalid`, status `erased`) that can never sign in again. Idempotent; audit-logged as `user.erase`.",
    access: "admin only (not on oneself)",
    responses: {
      200: "{user, erased, signedOut, questionsErased, textsScrubbed}",
      403: "not an admin, or erasing oneself",
      404: "no such user",
    },
  },
];

export function userErasureRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/users/:id/erase", async (c) => {
    const actor = requirePermission(c, "users.manage");
    if (actor.role !== "admin") throw forbidden("Only an admin may erase a person's data");
    const id = idParam(c, "id");
    if (id === actor.id) throw forbidden("An admin cannot erase their own account; ask another admin");
    const { database, now } = c.get("deps");
    const result = await eraseUser(database, { userId: id, actorId: actor.id, now: now() });
    return c.json({ ...result, user: userView(result.user) });
  });
  return app;
}
