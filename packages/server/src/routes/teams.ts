import { canManageVendorTeams, inPeopleScope, notFound, peopleScope } from "@quorum/core";
import { createTeam, getTeam, getVendor, listPeople, listTeams, mergeTeams, updateTeamRecord } from "@quorum/storage";
import { Hono } from "hono";
import { z } from "zod";
import { requirePermission } from "../auth/middleware.js";
import type { AppEnv } from "../context.js";
import type { RouteDoc } from "../openapi.js";
import { idParam, queryId, readJson, readQuery } from "../validate.js";
import { personView, teamView } from "./people-views.js";

export const TeamsQuery = z.object({ vendorId: queryId().optional() });
export const CreateTeamBody = z.object({
  vendorId: z.number().int().positive(),
  name: z.string().trim().min(1).max(200),
  leadUserId: z.number().int().positive().nullable().optional(),
});
export const UpdateTeamBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  leadUserId: z.number().int().positive().nullable().optional(),
  archived: z.boolean().optional(),
});
export const MergeTeamBody = z.object({ intoTeamId: z.number().int().positive() });

export const teamDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/teams",
    tag: "People",
    summary: "Teams with their vendor, lead and current member count; `vendorId` narrows to one vendor.",
    access: "users.read (a vendor lead sees only their own vendor's teams; another vendor is 404)",
    query: TeamsQuery,
    responses: { 200: "{teams}" },
  },
  {
    method: "post",
    path: "/teams",
    tag: "People",
    summary: "Creates a team of a vendor (name unique within it), optionally with a lead.",
    access: "users.manage",
    body: CreateTeamBody,
    responses: { 201: "{team}", 400: "bad field", 409: "name taken" },
  },
  {
    method: "patch",
    path: "/teams/{id}",
    tag: "People",
    summary: "Renames a team, sets or clears its lead, or archives it.",
    access: "users.manage",
    body: UpdateTeamBody,
    responses: { 200: "{team}", 404: "no such team", 409: "name taken" },
  },
  {
    method: "post",
    path: "/teams/{id}/merge",
    tag: "People",
    summary:
      "Merges this team into another: each member's stay here ends and one there begins (history keeps both); this team is archived.",
    access: "users.manage",
    body: MergeTeamBody,
    responses: { 200: "{peopleMoved}", 400: "bad target", 404: "no such team" },
  },
  {
    method: "get",
    path: "/teams/{id}/members",
    tag: "People",
    summary: "A team and its current members.",
    access: "users.read (a vendor lead only their own vendor's teams)",
    responses: { 200: "{team, members}", 404: "no such team in view" },
  },
];

export function teamRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/teams", async (c) => {
    const actor = requirePermission(c, "users.read");
    const query = readQuery(c, TeamsQuery);
    const db = c.get("deps").database.db;
    if (query.vendorId !== undefined) {
      const vendor = await getVendor(db, query.vendorId);
      if (!vendor || (actor.role === "vendor_lead" && !canManageVendorTeams(actor, vendor.name)))
        throw notFound("Vendor");
    }
    const teams = await listTeams(db, {
      ...(query.vendorId !== undefined ? { vendorId: query.vendorId } : {}),
      ...(actor.role === "vendor_lead" ? { vendorName: actor.vendor ?? "\u0000none" } : {}),
    });
    return c.json({ teams: teams.map(teamView) });
  });

  app.post("/teams", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const body = await readJson(c, CreateTeamBody);
    const { database, now } = c.get("deps");
    const team = await createTeam(database, {
      vendorId: body.vendorId,
      name: body.name,
      leadUserId: body.leadUserId ?? null,
      actorId: actor.id,
      now: now(),
    });
    return c.json({ team: teamView(team) }, 201);
  });

  app.patch("/teams/:id", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const id = idParam(c, "id");
    const body = await readJson(c, UpdateTeamBody);
    const { database, now } = c.get("deps");
    const fields = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    const team = await updateTeamRecord(database, { teamId: id, fields, actorId: actor.id, now: now() });
    return c.json({ team: teamView(team) });
  });

  app.post("/teams/:id/merge", async (c) => {
    const actor = requirePermission(c, "users.manage");
    const id = idParam(c, "id");
    const body = await readJson(c, MergeTeamBody);
    const { database, now } = c.get("deps");
    return c.json(
      await mergeTeams(database, { sourceId: id, targetId: body.intoTeamId, actorId: actor.id, now: now() }),
    );
  });

  app.get("/teams/:id/members", async (c) => {
    const actor = requirePermission(c, "users.read");
    const db = c.get("deps").database.db;
    const team = await getTeam(db, idParam(c, "id"));
    if (!team || (actor.role === "vendor_lead" && !canManageVendorTeams(actor, team.vendorName)))
      throw notFound("Team");
    const scope = peopleScope(actor);
    const members = (await listPeople(db, { teamId: team.id })).filter((p) => inPeopleScope(scope, p.user));
    return c.json({ team: teamView(team), members: members.map(personView) });
  });

  return app;
}
