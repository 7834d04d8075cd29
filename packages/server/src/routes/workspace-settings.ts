import { readWorkspaceSettings, writeWorkspaceSetting } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { readJson } from "../validate.js";
import { TimeZoneName } from "./time-zone-param.js";

export const WorkspaceSettingsBody = z.object({
  timeZone: TimeZoneName.describe("IANA zone of the workspace's reporting days, e.g. Europe/Berlin"),
});

export const workspaceSettingsDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/workspace/settings",
    tag: "Workspace",
    summary: "The workspace's settings: its time zone, which reporting days follow unless a viewer chooses another.",
    access: "any signed-in user",
    responses: { 200: "{timeZone}" },
  },
  {
    method: "patch",
    path: "/workspace/settings",
    tag: "Workspace",
    summary: "Changes the workspace's time zone.",
    access: "workspace.manage (admin)",
    body: WorkspaceSettingsBody,
    example: { timeZone: "Europe/Berlin" },
    responses: { 200: "{timeZone}", 400: "not an IANA time zone" },
  },
];

export function workspaceSettingsRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/workspace/settings", async (c) => {
    currentUser(c);
    const settings = await readWorkspaceSettings(c.get("deps").database.db);
    return c.json({ timeZone: settings.time_zone });
  });
  app.patch("/workspace/settings", async (c) => {
    const user = requirePermission(c, "workspace.manage");
    const body = await readJson(c, WorkspaceSettingsBody);
    const { database, now } = c.get("deps");
    await writeWorkspaceSetting(database.db, { key: "time_zone", value: body.timeZone, actorId: user.id, now: now() });
    return c.json({ timeZone: body.timeZone });
  });
  return app;
}
