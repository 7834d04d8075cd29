import { peopleScope } from "@quorum/core";
import { countUsersByRole } from "@quorum/storage";
import { Hono } from "hono";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";

export const userRoleCountDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/users/role-counts",
    tag: "People",
    summary:
      "How many people hold each role (every role listed, 0 included), deactivated and erased people left out: what the projects page's Getting started needs, without listing the users. A vendor lead counts their own vendor's people.",
    access: "users.read (admin, manager, analyst, vendor lead)",
    responses: { 200: "{counts: {admin, manager, reviewer, annotator, vendor_lead, analyst, finance}}" },
  },
];

export function userRoleCountRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/users/role-counts", async (c) => {
    const actor = requirePermission(c, "users.read");
    const scope = peopleScope(actor);
    const counts = await countUsersByRole(
      c.get("deps").database.db,
      scope.kind === "vendor" ? { vendor: scope.vendor, self: scope.self } : undefined,
    );
    return c.json({ counts });
  });
  return app;
}
