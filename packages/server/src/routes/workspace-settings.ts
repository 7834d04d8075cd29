import { isCurrencyCode } from "@quorum/core";
import { changeWorkspaceSettings, readWorkspaceSettings, type WorkspaceSettingChange } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { currentUser, requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { readJson } from "../validate.js";
import { TimeZoneName } from "./time-zone-param.js";
import type { WorkspaceSettingsView } from "./views.js";

export const WorkspaceSettingsBody = z
  .object({
    timeZone: TimeZoneName.describe("IANA zone of the workspace's reporting days, e.g. Europe/Berlin"),
    currency: z
      .string()
      .refine(isCurrencyCode, "not an ISO 4217 currency code such as EUR")
      .describe("ISO 4217 code the console's money forms start from, e.g. EUR; money stored keeps its own"),
  })
  .partial()
  .refine((body) => body.timeZone !== undefined || body.currency !== undefined, {
    message: "give timeZone, currency or both",
    path: ["timeZone"],
  });

export const workspaceSettingsDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/workspace/settings",
    tag: "Workspace",
    summary:
      "The workspace's settings: its time zone, which reporting days follow unless a viewer chooses another, and its default currency (USD until set), which the console's money forms start from.",
    access: "any signed-in user",
    responses: { 200: "{timeZone, currency}" },
  },
  {
    method: "patch",
    path: "/workspace/settings",
    tag: "Workspace",
    summary:
      "Changes the workspace's time zone, its default currency or both (an absent one is kept). Nothing already priced changes currency: rate cards, budgets and the ledger keep their own.",
    access: "workspace.manage (admin)",
    body: WorkspaceSettingsBody,
    example: { timeZone: "Europe/Berlin", currency: "EUR" },
    responses: {
      200: "{timeZone, currency}",
      400: "not an IANA time zone, not an ISO 4217 currency, or neither given",
    },
  },
];

export function workspaceSettingsRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/workspace/settings", async (c) => {
    currentUser(c);
    const settings = await readWorkspaceSettings(c.get("deps").database.db);
    return c.json(workspaceSettingsView(settings));
  });
  app.patch("/workspace/settings", async (c) => {
    const user = requirePermission(c, "workspace.manage");
    const body = await readJson(c, WorkspaceSettingsBody);
    const { database, now } = c.get("deps");
    const at = now();
    const changes: WorkspaceSettingChange[] = [];
    if (body.timeZone !== undefined)
      changes.push({ key: "time_zone", value: body.timeZone, actorId: user.id, now: at });
    if (body.currency !== undefined) changes.push({ key: "currency", value: body.currency, actorId: user.id, now: at });
    await changeWorkspaceSettings(database, changes);
    return c.json(workspaceSettingsView(await readWorkspaceSettings(database.db)));
  });
  return app;
}

function workspaceSettingsView(settings: Awaited<ReturnType<typeof readWorkspaceSettings>>): WorkspaceSettingsView {
  return { timeZone: settings.time_zone, currency: settings.currency };
}
